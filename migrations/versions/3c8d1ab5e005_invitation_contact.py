"""A user's phone and function, and a sessie's route, accessibility and travel costs for the invitation

The invitations give the projectleider's own phone and e-mail, and tell participants how to get to the
sessie, how accessible the place is, whether travel costs are paid and by when to say yes or no. Existing
users and sessies start with these empty (the invitation then leaves them out or marks them to fill in).

Revision ID: 3c8d1ab5e005
Revises: 2b7c0ffee004
Create Date: 2026-12-02 11:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '3c8d1ab5e005'
down_revision = '2b7c0ffee004'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('sessie', schema=None) as batch_op:
        batch_op.add_column(sa.Column('route', sa.Text(), server_default='', nullable=False))
        batch_op.add_column(sa.Column('accessibility', sa.Text(), server_default='', nullable=False))
        batch_op.add_column(sa.Column('travel_costs', sa.Text(), server_default='', nullable=False))
        batch_op.add_column(sa.Column('reply_by', sa.Date(), nullable=True))

    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.add_column(sa.Column('phone', sa.String(length=40), server_default='', nullable=False))
        batch_op.add_column(sa.Column('job_title', sa.String(length=120), server_default='', nullable=False))


def downgrade():
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.drop_column('job_title')
        batch_op.drop_column('phone')

    with op.batch_alter_table('sessie', schema=None) as batch_op:
        batch_op.drop_column('reply_by')
        batch_op.drop_column('travel_costs')
        batch_op.drop_column('accessibility')
        batch_op.drop_column('route')
