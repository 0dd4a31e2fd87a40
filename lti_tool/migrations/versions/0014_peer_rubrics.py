"""Peer reviews keep the rubric they were given under: each distinct rubric stored once by its fingerprint, each
review naming it, so a rubric changed mid-exercise never re-scores earlier reviews (as in Open edX).

Revision ID: 0014_peer_rubrics
Revises: 0013_entry_translations
Create Date: 2026-12-06 00:45:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0014_peer_rubrics'
down_revision = '0013_entry_translations'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('peer_rubric',
                    sa.Column('version', sa.String(length=16), nullable=False),
                    sa.Column('data', sa.Text(), nullable=False),
                    sa.PrimaryKeyConstraint('version'))
    with op.batch_alter_table('peer_review', schema=None) as batch_op:
        batch_op.add_column(sa.Column('rubric_version', sa.String(length=16), nullable=True))


def downgrade():
    with op.batch_alter_table('peer_review', schema=None) as batch_op:
        batch_op.drop_column('rubric_version')
    op.drop_table('peer_rubric')
