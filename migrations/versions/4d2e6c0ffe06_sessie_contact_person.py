"""A sessie names its own contact person for the invitation (null: the projectleider, as before)

A sessie can name a member of the project team, a user of the project's gemeente, as the one participants
call or mail. Existing sessies keep none, so their invitations still name the projectleider. When the
account is deleted the link is cleared (SET NULL) and the invitation falls back to the projectleider.

Revision ID: 4d2e6c0ffe06
Revises: 3c8d1ab5e005
Create Date: 2026-12-02 14:15:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '4d2e6c0ffe06'
down_revision = '3c8d1ab5e005'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('sessie', schema=None) as batch_op:
        batch_op.add_column(sa.Column('contact_user_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f('fk_sessie_contact_user_id_user_account'), 'user_account', ['contact_user_id'], ['id'],
            ondelete='SET NULL',
        )


def downgrade():
    with op.batch_alter_table('sessie', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_sessie_contact_user_id_user_account'), type_='foreignkey')
        batch_op.drop_column('contact_user_id')
