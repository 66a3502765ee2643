"""Risks of a projectplan as rows: risico, kans, impact, maatregel

The free text of project_plan.risks stays as it is: it is now the "Toelichting op de risico's" under the
table. Its text is not split into rows (a loose text rarely holds one risk with a kans and an impact).

Revision ID: 2b7c0ffee004
Revises: 1a171a71fe03
Create Date: 2026-12-02 11:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '2b7c0ffee004'
down_revision = '1a171a71fe03'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('project_risk',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('likelihood', sa.Enum('laag', 'middel', 'hoog', name='risklevel', native_enum=False, length=20), nullable=False),
    sa.Column('impact', sa.Enum('laag', 'middel', 'hoog', name='risklevel', native_enum=False, length=20), nullable=False),
    sa.Column('measure', sa.Text(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['project_id'], ['project.id'], name=op.f('fk_project_risk_project_id_project'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_project_risk'))
    )
    with op.batch_alter_table('project_risk', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_project_risk_project_id'), ['project_id'], unique=False)


def downgrade():
    with op.batch_alter_table('project_risk', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_project_risk_project_id'))

    op.drop_table('project_risk')
