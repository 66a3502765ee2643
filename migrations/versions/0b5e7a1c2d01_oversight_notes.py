"""The procesbegeleider's own notes per gemeente (oversight), and their history

A note belongs to a gemeente, so its history is a table of its own (gemeente_note_event) beside the notes,
not the project audit trail.

Revision ID: 0b5e7a1c2d01
Revises: e3d9b983bd03
Create Date: 2026-12-02 11:10:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0b5e7a1c2d01'
down_revision = 'e3d9b983bd03'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('gemeente_note',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('gemeente_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('author_name', sa.String(length=120), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['user_account.id'], name=op.f('fk_gemeente_note_author_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['gemeente_id'], ['gemeente.id'], name=op.f('fk_gemeente_note_gemeente_id_gemeente'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_gemeente_note'))
    )
    with op.batch_alter_table('gemeente_note', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_gemeente_note_author_id'), ['author_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_gemeente_note_gemeente_id'), ['gemeente_id'], unique=False)

    op.create_table('gemeente_note_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('gemeente_id', sa.Integer(), nullable=False),
    sa.Column('note_id', sa.Integer(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('actor_name', sa.String(length=120), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('action', sa.String(length=20), nullable=False),
    sa.Column('summary', sa.String(length=300), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['user_account.id'], name=op.f('fk_gemeente_note_event_actor_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['gemeente_id'], ['gemeente.id'], name=op.f('fk_gemeente_note_event_gemeente_id_gemeente'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_gemeente_note_event'))
    )
    with op.batch_alter_table('gemeente_note_event', schema=None) as batch_op:
        batch_op.create_index('ix_gemeente_note_event_gemeente_at', ['gemeente_id', 'at'], unique=False)


def downgrade():
    with op.batch_alter_table('gemeente_note_event', schema=None) as batch_op:
        batch_op.drop_index('ix_gemeente_note_event_gemeente_at')

    op.drop_table('gemeente_note_event')
    with op.batch_alter_table('gemeente_note', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_gemeente_note_gemeente_id'))
        batch_op.drop_index(batch_op.f('ix_gemeente_note_author_id'))

    op.drop_table('gemeente_note')
