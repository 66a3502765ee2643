"""Initiatives shared between gemeenten, and their adoptions

An initiative belongs to its gemeente (CASCADE) and outlives its source project and action (SET NULL);
its mijlpalen are rows, like a project's; an adoption goes with the adopting project. The action a
project took over points at its initiative (action.source_initiative_id, SET NULL).

Revision ID: 1a171a71fe03
Revises: 5a99047c3e02
Create Date: 2026-12-02 11:10:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '1a171a71fe03'
down_revision = '5a99047c3e02'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('initiative',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('gemeente_id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=True),
    sa.Column('source_action_id', sa.Integer(), nullable=True),
    sa.Column('source_item_key', sa.String(length=80), nullable=True),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('how_it_works', sa.Text(), nullable=False),
    sa.Column('link', sa.String(length=500), nullable=False),
    sa.Column('rol', sa.String(length=40), nullable=True),
    sa.Column('laag', sa.String(length=40), nullable=True),
    sa.Column('contact_name', sa.String(length=120), nullable=False),
    sa.Column('contact_function', sa.String(length=120), nullable=False),
    sa.Column('contact_phone', sa.String(length=40), nullable=False),
    sa.Column('contact_email', sa.String(length=254), nullable=False),
    sa.Column('consent_at', sa.DateTime(), nullable=False),
    sa.Column('consent_by_id', sa.Integer(), nullable=True),
    sa.Column('consent_by_name', sa.String(length=120), nullable=False),
    sa.Column('status', sa.Enum('wacht_op_goedkeuring', 'goedgekeurd', 'afgewezen', 'ingetrokken', name='initiativestatus', native_enum=False, length=20), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('reviewed_at', sa.DateTime(), nullable=True),
    sa.Column('reviewed_by_id', sa.Integer(), nullable=True),
    sa.Column('reviewed_by_name', sa.String(length=120), nullable=False),
    sa.Column('rejection_reason', sa.Text(), nullable=False),
    sa.Column('withdrawn_at', sa.DateTime(), nullable=True),
    sa.Column('withdrawn_by_id', sa.Integer(), nullable=True),
    sa.Column('withdrawn_by_name', sa.String(length=120), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['consent_by_id'], ['user_account.id'], name=op.f('fk_initiative_consent_by_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['gemeente_id'], ['gemeente.id'], name=op.f('fk_initiative_gemeente_id_gemeente'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['project_id'], ['project.id'], name=op.f('fk_initiative_project_id_project'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['reviewed_by_id'], ['user_account.id'], name=op.f('fk_initiative_reviewed_by_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['source_action_id'], ['action.id'], name=op.f('fk_initiative_source_action_id_action'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['withdrawn_by_id'], ['user_account.id'], name=op.f('fk_initiative_withdrawn_by_id_user_account'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_initiative'))
    )
    with op.batch_alter_table('initiative', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_initiative_gemeente_id'), ['gemeente_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_initiative_project_id'), ['project_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_initiative_source_action_id'), ['source_action_id'], unique=False)

    op.create_table('initiative_adoption',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('initiative_id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('action_id', sa.Integer(), nullable=True),
    sa.Column('adopted_by_id', sa.Integer(), nullable=True),
    sa.Column('adopted_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['action_id'], ['action.id'], name=op.f('fk_initiative_adoption_action_id_action'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['adopted_by_id'], ['user_account.id'], name=op.f('fk_initiative_adoption_adopted_by_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['initiative_id'], ['initiative.id'], name=op.f('fk_initiative_adoption_initiative_id_initiative'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['project_id'], ['project.id'], name=op.f('fk_initiative_adoption_project_id_project'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_initiative_adoption')),
    sa.UniqueConstraint('initiative_id', 'project_id', name='uq_initiative_adoption_project')
    )
    with op.batch_alter_table('initiative_adoption', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_initiative_adoption_action_id'), ['action_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_initiative_adoption_initiative_id'), ['initiative_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_initiative_adoption_project_id'), ['project_id'], unique=False)

    op.create_table('initiative_mijlpaal',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('initiative_id', sa.Integer(), nullable=False),
    sa.Column('mijlpaal', sa.String(length=40), nullable=False),
    sa.ForeignKeyConstraint(['initiative_id'], ['initiative.id'], name=op.f('fk_initiative_mijlpaal_initiative_id_initiative'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_initiative_mijlpaal')),
    sa.UniqueConstraint('initiative_id', 'mijlpaal', name='uq_initiative_mijlpaal')
    )
    with op.batch_alter_table('initiative_mijlpaal', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_initiative_mijlpaal_initiative_id'), ['initiative_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_initiative_mijlpaal_mijlpaal'), ['mijlpaal'], unique=False)

    with op.batch_alter_table('action', schema=None) as batch_op:
        batch_op.add_column(sa.Column('source_initiative_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_action_source_initiative_id'), ['source_initiative_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_action_source_initiative_id_initiative'), 'initiative', ['source_initiative_id'], ['id'], ondelete='SET NULL', use_alter=True)


def downgrade():
    with op.batch_alter_table('action', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_action_source_initiative_id_initiative'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_action_source_initiative_id'))
        batch_op.drop_column('source_initiative_id')

    with op.batch_alter_table('initiative_mijlpaal', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_initiative_mijlpaal_mijlpaal'))
        batch_op.drop_index(batch_op.f('ix_initiative_mijlpaal_initiative_id'))

    op.drop_table('initiative_mijlpaal')
    with op.batch_alter_table('initiative_adoption', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_initiative_adoption_project_id'))
        batch_op.drop_index(batch_op.f('ix_initiative_adoption_initiative_id'))
        batch_op.drop_index(batch_op.f('ix_initiative_adoption_action_id'))

    op.drop_table('initiative_adoption')
    with op.batch_alter_table('initiative', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_initiative_source_action_id'))
        batch_op.drop_index(batch_op.f('ix_initiative_project_id'))
        batch_op.drop_index(batch_op.f('ix_initiative_gemeente_id'))

    op.drop_table('initiative')
