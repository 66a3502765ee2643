"""Support requests from a gemeente to the VNG ("Ondersteuning vragen"), with status, reply and handler

Revision ID: 5a99047c3e02
Revises: 0b5e7a1c2d01
Create Date: 2026-12-02 11:10:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5a99047c3e02'
down_revision = '0b5e7a1c2d01'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('support_request',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('support_kind', sa.String(length=40), nullable=False),
    sa.Column('message', sa.Text(), nullable=False),
    sa.Column('sessie_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.Enum('nieuw', 'in_behandeling', 'afgerond', 'afgewezen', name='supportstatus', native_enum=False, length=20), nullable=False),
    sa.Column('reply', sa.Text(), nullable=False),
    sa.Column('asked_by_id', sa.Integer(), nullable=True),
    sa.Column('asked_by_name', sa.String(length=120), nullable=False),
    sa.Column('handler_id', sa.Integer(), nullable=True),
    sa.Column('handler_name', sa.String(length=120), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('taken_at', sa.DateTime(), nullable=True),
    sa.Column('closed_at', sa.DateTime(), nullable=True),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['asked_by_id'], ['user_account.id'], name=op.f('fk_support_request_asked_by_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['handler_id'], ['user_account.id'], name=op.f('fk_support_request_handler_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['project_id'], ['project.id'], name=op.f('fk_support_request_project_id_project'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['sessie_id'], ['sessie.id'], name=op.f('fk_support_request_sessie_id_sessie'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_support_request'))
    )
    with op.batch_alter_table('support_request', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_support_request_project_id'), ['project_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_support_request_sessie_id'), ['sessie_id'], unique=False)
        batch_op.create_index('ix_support_request_status_created', ['status', 'created_at'], unique=False)


def downgrade():
    with op.batch_alter_table('support_request', schema=None) as batch_op:
        batch_op.drop_index('ix_support_request_status_created')
        batch_op.drop_index(batch_op.f('ix_support_request_sessie_id'))
        batch_op.drop_index(batch_op.f('ix_support_request_project_id'))

    op.drop_table('support_request')
