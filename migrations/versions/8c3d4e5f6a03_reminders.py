"""Reminders: mail preferences and what was already sent, so running send-reminders twice sends nothing twice

Revision ID: 8c3d4e5f6a03
Revises: 7b2c3d4e5f02
Create Date: 2026-12-02 19:20:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "8c3d4e5f6a03"
down_revision = "7b2c3d4e5f02"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "mail_preference",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("weekly_digest", sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.Column("sessie_reminders", sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.Column("support_notices", sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user_account.id"], name=op.f("fk_mail_preference_user_id_user_account"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_mail_preference")),
    )
    op.create_table(
        "sent_reminder",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=40), nullable=False),
        sa.Column("sent_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user_account.id"], name=op.f("fk_sent_reminder_user_id_user_account"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sent_reminder")),
        sa.UniqueConstraint("kind", "user_id", "key", name=op.f("uq_sent_reminder_kind_user_key")),
    )
    with op.batch_alter_table("sent_reminder", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sent_reminder_sent_at"), ["sent_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_sent_reminder_user_id"), ["user_id"], unique=False)


def downgrade():
    with op.batch_alter_table("sent_reminder", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sent_reminder_user_id"))
        batch_op.drop_index(batch_op.f("ix_sent_reminder_sent_at"))
    op.drop_table("sent_reminder")
    op.drop_table("mail_preference")
