"""Reminders: mail preferences and what was already sent, so running send-reminders twice sends nothing twice

Revision ID: 8c3d4e5f6a03
Revises: 7b2c3d4e5f02
Create Date: 2026-12-02 19:20:00

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "8c3d4e5f6a03"
down_revision = "7b2c3d4e5f02"
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
