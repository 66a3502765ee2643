"""Invitations: an account invited by e-mail sets its own password through a 7-day link

Revision ID: 6a1b2c3d4e01
Revises: 5e3f0a11c007
Create Date: 2026-12-02 19:20:00

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "6a1b2c3d4e01"
down_revision = "5e3f0a11c007"
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
