"""Derived progress: disciplines left out by choice, agreements on keeping records

Two project fields that the step criteria ask for and nothing recorded yet; existing projects start with
none left out and no agreements (the steps show them as still to do).

Revision ID: c1920c5fc0df
Revises: 85e318ac7356
Create Date: 2026-12-02 03:07:52.318487

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c1920c5fc0df'
down_revision = '85e318ac7356'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('project', schema=None) as batch_op:
        batch_op.add_column(sa.Column('left_out_disciplines', sa.JSON(), server_default='[]', nullable=False))
        batch_op.add_column(sa.Column('record_keeping', sa.Text(), server_default='', nullable=False))



def downgrade():
    with op.batch_alter_table('project', schema=None) as batch_op:
        batch_op.drop_column('record_keeping')
        batch_op.drop_column('left_out_disciplines')

