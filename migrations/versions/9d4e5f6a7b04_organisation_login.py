"""Organisation login (OpenID Connect): providers per gemeente and accounts linked on issuer and sub

Revision ID: 9d4e5f6a7b04
Revises: 8c3d4e5f6a03
Create Date: 2026-12-02 19:20:00

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "9d4e5f6a7b04"
down_revision = "8c3d4e5f6a03"
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
