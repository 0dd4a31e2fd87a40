"""Untrusted input: peer versions keep their rendered, sanitised HTML beside the Markdown; resource links are keyed
by deployment, course and link id (the same link id in another course is another link, never a moved one).

Revision ID: 0006_rendered_html
Revises: 0005_peer_hardening
Create Date: 2026-12-05 18:30:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0006_rendered_html'
down_revision = '0005_peer_hardening'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('peer_version', schema=None) as batch_op:
        batch_op.add_column(sa.Column('html', sa.Text(), nullable=True))

    with op.batch_alter_table('resource_link', schema=None) as batch_op:
        batch_op.drop_constraint('uq_resource_link_deployment', type_='unique')
        batch_op.create_unique_constraint('uq_resource_link_context',
                                          ['deployment_id', 'context_id', 'resource_link_id'])
        batch_op.create_index('uq_resource_link_no_context', ['deployment_id', 'resource_link_id'], unique=True,
                              postgresql_where=sa.text('context_id IS NULL'),
                              sqlite_where=sa.text('context_id IS NULL'))


def downgrade():
    # Fails if the same link id now exists in two courses of one deployment: those are two links, keep them.
    with op.batch_alter_table('resource_link', schema=None) as batch_op:
        batch_op.drop_index('uq_resource_link_no_context', postgresql_where=sa.text('context_id IS NULL'),
                            sqlite_where=sa.text('context_id IS NULL'))
        batch_op.drop_constraint('uq_resource_link_context', type_='unique')
        batch_op.create_unique_constraint('uq_resource_link_deployment', ['deployment_id', 'resource_link_id'])

    with op.batch_alter_table('peer_version', schema=None) as batch_op:
        batch_op.drop_column('html')
