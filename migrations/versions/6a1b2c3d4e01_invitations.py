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
    with op.batch_alter_table("user_account", schema=None) as batch_op:
        batch_op.add_column(sa.Column("invited_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("invited_by_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("pending_email", sa.String(length=254), nullable=True))
        batch_op.add_column(sa.Column("pending_email_at", sa.DateTime(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_user_account_invited_by_id_user_account"),
            "user_account",
            ["invited_by_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade():
    with op.batch_alter_table("user_account", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_user_account_invited_by_id_user_account"), type_="foreignkey")
        batch_op.drop_column("pending_email_at")
        batch_op.drop_column("pending_email")
        batch_op.drop_column("invited_by_id")
        batch_op.drop_column("invited_at")
