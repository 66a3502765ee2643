"""A participant carries a version, so two people editing the same participant do not overwrite each other

Participants can now be edited on a page of their own (name, organisation, group, number, e-mail address).
Like the other records that have an edit form, the row carries the version the form was made from; existing
rows start at 1.

Revision ID: ae5f7b8c9d08
Revises: 9d4e5f6a7b04
Create Date: 2026-12-03 06:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'ae5f7b8c9d08'
down_revision = '9d4e5f6a7b04'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('participant', schema=None) as batch_op:
        batch_op.add_column(sa.Column('version', sa.Integer(), nullable=False, server_default='1'))


def downgrade():
    with op.batch_alter_table('participant', schema=None) as batch_op:
        batch_op.drop_column('version')
