"""Translations of library entries: an experience row may be the translation of another (issue 15).

Revision ID: 0013_entry_translations
Revises: 0012_organisations
Create Date: 2026-12-05 21:50:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0013_entry_translations'
down_revision = '0012_organisations'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('library_experience', schema=None) as batch_op:
        batch_op.add_column(sa.Column('translation_of_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_library_experience_translation_of_id'), ['translation_of_id'],
                              unique=False)
        batch_op.create_foreign_key('fk_library_experience_translation_of_id', 'library_experience',
                                    ['translation_of_id'], ['id'], ondelete='CASCADE')


def downgrade():
    with op.batch_alter_table('library_experience', schema=None) as batch_op:
        batch_op.drop_constraint('fk_library_experience_translation_of_id', type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_library_experience_translation_of_id'))
        batch_op.drop_column('translation_of_id')
