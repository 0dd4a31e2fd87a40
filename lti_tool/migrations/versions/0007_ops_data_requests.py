"""The record of answered learner data requests (export, deletion), naming the learner only by a keyed hash.

Revision ID: 0007_ops
Revises: 0003_peer
Create Date: 2026-12-05 18:20:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0007_ops'
down_revision = '0004_invitations'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('data_request',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('platform_id', sa.Integer(), nullable=False),
    sa.Column('subject_hash', sa.String(length=64), nullable=False),
    sa.Column('detail_json', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_data_request_subject_hash'), 'data_request', ['subject_hash'], unique=False)


def downgrade():
    op.drop_index(op.f('ix_data_request_subject_hash'), table_name='data_request')
    op.drop_table('data_request')
