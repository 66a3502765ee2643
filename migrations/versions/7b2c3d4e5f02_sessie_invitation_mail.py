"""Session invitations by e-mail: participants' addresses, what was sent to them and their answers

Revision ID: 7b2c3d4e5f02
Revises: 6a1b2c3d4e01
Create Date: 2026-12-02 19:20:00

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "7b2c3d4e5f02"
down_revision = "6a1b2c3d4e01"
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
