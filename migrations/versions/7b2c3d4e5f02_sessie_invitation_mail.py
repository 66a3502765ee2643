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
    with op.batch_alter_table("participant", schema=None) as batch_op:
        batch_op.add_column(sa.Column("email", sa.String(length=254), server_default="", nullable=False))
        batch_op.add_column(sa.Column("mailed_sequence", sa.Integer(), nullable=True))

    with op.batch_alter_table("outbox_mail", schema=None) as batch_op:
        batch_op.add_column(sa.Column("reply_to", sa.String(length=254), server_default="", nullable=False))

    op.create_table(
        "outbox_attachment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("mail_id", sa.Integer(), nullable=False),
        sa.Column("filename", sa.String(length=200), nullable=False),
        sa.Column("content_type", sa.String(length=200), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["mail_id"], ["outbox_mail.id"], name=op.f("fk_outbox_attachment_mail_id_outbox_mail"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox_attachment")),
    )
    with op.batch_alter_table("outbox_attachment", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_outbox_attachment_mail_id"), ["mail_id"], unique=False)


def downgrade():
    with op.batch_alter_table("outbox_attachment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_outbox_attachment_mail_id"))
    op.drop_table("outbox_attachment")

    with op.batch_alter_table("outbox_mail", schema=None) as batch_op:
        batch_op.drop_column("reply_to")

    with op.batch_alter_table("participant", schema=None) as batch_op:
        batch_op.drop_column("mailed_sequence")
        batch_op.drop_column("email")
