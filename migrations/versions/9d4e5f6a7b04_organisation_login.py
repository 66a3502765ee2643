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
    op.create_table(
        "oidc_provider",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("gemeente_id", sa.Integer(), nullable=False),
        sa.Column("issuer", sa.String(length=255), nullable=False),
        sa.Column("client_id", sa.String(length=255), nullable=False),
        sa.Column("client_secret_encrypted", sa.Text(), nullable=False),
        sa.Column("label", sa.String(length=120), server_default="", nullable=False),
        sa.Column("passwords_off", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["gemeente_id"], ["gemeente.id"], name=op.f("fk_oidc_provider_gemeente_id_gemeente"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_oidc_provider")),
        sa.UniqueConstraint("gemeente_id", name=op.f("uq_oidc_provider_gemeente_id")),
    )
    op.create_table(
        "linked_identity",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("issuer", sa.String(length=255), nullable=False),
        sa.Column("subject", sa.String(length=255), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("last_login_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user_account.id"], name=op.f("fk_linked_identity_user_id_user_account"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_linked_identity")),
        sa.UniqueConstraint("issuer", "subject", name="uq_linked_identity_issuer_subject"),
    )
    with op.batch_alter_table("linked_identity", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_linked_identity_user_id"), ["user_id"], unique=False)


def downgrade():
    with op.batch_alter_table("linked_identity", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_linked_identity_user_id"))
    op.drop_table("linked_identity")
    op.drop_table("oidc_provider")
