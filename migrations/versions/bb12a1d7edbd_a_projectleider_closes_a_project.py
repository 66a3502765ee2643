"""A projectleider closes a project: when, why and by whom (null closed_at = open)

Existing projects stay open. Who closed it is kept as an account link and as a name, so the name stays
when the account goes.

Revision ID: bb12a1d7edbd
Revises: c1920c5fc0df
Create Date: 2026-12-02 07:35:50.189097

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'bb12a1d7edbd'
down_revision = 'c1920c5fc0df'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('project', schema=None) as batch_op:
        batch_op.add_column(sa.Column('closed_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('closed_reason', sa.Text(), server_default='', nullable=False))
        batch_op.add_column(sa.Column('closed_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('closed_by_name', sa.String(length=120), server_default='', nullable=False))
        batch_op.create_foreign_key(
            batch_op.f('fk_project_closed_by_id_user_account'), 'user_account', ['closed_by_id'], ['id'],
            ondelete='SET NULL',
        )


def downgrade():
    with op.batch_alter_table('project', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_project_closed_by_id_user_account'), type_='foreignkey')
        batch_op.drop_column('closed_by_name')
        batch_op.drop_column('closed_by_id')
        batch_op.drop_column('closed_reason')
        batch_op.drop_column('closed_at')
