"""Peer hardening: each submission counts its current attachments, so the limit holds under parallel uploads.

Revision ID: 0005_peer_hardening
Revises: 0003_peer
Create Date: 2026-12-05 18:30:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0005_peer_hardening'
down_revision = '0007_ops'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('peer_submission', schema=None) as batch_op:
        batch_op.add_column(sa.Column('attachment_count', sa.Integer(), server_default=sa.text('0'),
                                      nullable=False))
    op.execute("UPDATE peer_submission SET attachment_count = (SELECT count(*) FROM peer_attachment "
               "WHERE peer_attachment.submission_id = peer_submission.id AND peer_attachment.removed_in IS NULL)")


def downgrade():
    with op.batch_alter_table('peer_submission', schema=None) as batch_op:
        batch_op.drop_column('attachment_count')
