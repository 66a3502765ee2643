"""Participants and agreements carry a version, so two people editing the same one do not overwrite each other

Participants (name, organisation, group, number, e-mail address) and a sessie's agreements (who, what, when)
can now be edited on a page of their own. Like the other records that have an edit form, the row carries the
version the form was made from; existing rows start at 1.

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


TABLES = ('participant', 'agreement')


def upgrade():
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('version', sa.Integer(), nullable=False, server_default='1'))


def downgrade():
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column('version')
