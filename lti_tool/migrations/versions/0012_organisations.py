"""Organisations and their members, capacity self-assessments, host offers, visit plans with their history,
coaching agreements and sessions (issue 16).

Revision ID: 0012_organisations
Revises: 0011_experiences
Create Date: 2026-12-05 18:36:33

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0012_organisations'
down_revision = '0011_experiences'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('organisation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('context_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('country', sa.String(length=100), nullable=False),
    sa.Column('region', sa.String(length=100), nullable=False),
    sa.Column('commodity', sa.String(length=100), nullable=False),
    sa.Column('kind', sa.String(length=100), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('languages', sa.String(length=100), nullable=False),
    sa.Column('latitude', sa.Float(), nullable=True),
    sa.Column('longitude', sa.Float(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['context_id'], ['context.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('organisation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_organisation_context_id'), ['context_id'], unique=False)

    op.create_table('capacity_assessment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('context_id', sa.Integer(), nullable=False),
    sa.Column('resource_link_id', sa.Integer(), nullable=True),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=True),
    sa.Column('language', sa.String(length=16), nullable=False),
    sa.Column('profile_json', sa.Text(), nullable=False),
    sa.Column('submitted_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['context_id'], ['context.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['resource_link_id'], ['resource_link.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['lti_user.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('capacity_assessment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_capacity_assessment_context_id'), ['context_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_capacity_assessment_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_capacity_assessment_resource_link_id'), ['resource_link_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_capacity_assessment_user_id'), ['user_id'], unique=False)

    op.create_table('host_offer',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('areas', sa.String(length=400), nullable=False),
    sa.Column('months', sa.String(length=64), nullable=False),
    sa.Column('capacity', sa.Integer(), nullable=False),
    sa.Column('languages', sa.String(length=100), nullable=False),
    sa.Column('maturity', sa.String(length=32), nullable=False),
    sa.Column('coaching', sa.Boolean(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('host_offer', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_host_offer_organisation_id'), ['organisation_id'], unique=False)

    op.create_table('organisation_member',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('context_id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('joined_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['context_id'], ['context.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['lti_user.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('context_id', 'user_id', name='uq_organisation_member')
    )
    with op.batch_alter_table('organisation_member', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_organisation_member_context_id'), ['context_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_organisation_member_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_organisation_member_user_id'), ['user_id'], unique=False)

    op.create_table('coaching_agreement',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('context_id', sa.Integer(), nullable=False),
    sa.Column('coach_user_id', sa.Integer(), nullable=False),
    sa.Column('coach_organisation_id', sa.Integer(), nullable=False),
    sa.Column('coached_id', sa.Integer(), nullable=False),
    sa.Column('goals_json', sa.Text(), nullable=False),
    sa.Column('schedule_json', sa.Text(), nullable=False),
    sa.Column('before_id', sa.Integer(), nullable=True),
    sa.Column('after_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['after_id'], ['capacity_assessment.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['before_id'], ['capacity_assessment.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['coach_organisation_id'], ['organisation.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['coach_user_id'], ['lti_user.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['coached_id'], ['organisation.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['context_id'], ['context.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('coaching_agreement', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_coaching_agreement_coach_user_id'), ['coach_user_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_coaching_agreement_coached_id'), ['coached_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_coaching_agreement_context_id'), ['context_id'], unique=False)

    op.create_table('visit_plan',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('context_id', sa.Integer(), nullable=False),
    sa.Column('visiting_id', sa.Integer(), nullable=False),
    sa.Column('host_id', sa.Integer(), nullable=False),
    sa.Column('offer_id', sa.Integer(), nullable=True),
    sa.Column('case_item_id', sa.String(length=128), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=False),
    sa.Column('end_date', sa.Date(), nullable=False),
    sa.Column('areas', sa.String(length=400), nullable=False),
    sa.Column('participants_json', sa.Text(), nullable=False),
    sa.Column('learning_questions', sa.Text(), nullable=False),
    sa.Column('programme', sa.Text(), nullable=False),
    sa.Column('lessons_json', sa.Text(), nullable=False),
    sa.Column('actions_json', sa.Text(), nullable=False),
    sa.Column('follow_up_date', sa.Date(), nullable=True),
    sa.Column('follow_up_report', sa.Text(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('held_on', sa.Date(), nullable=True),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['context_id'], ['context.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['created_by'], ['lti_user.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['host_id'], ['organisation.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['offer_id'], ['host_offer.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['visiting_id'], ['organisation.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('visit_plan', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_visit_plan_context_id'), ['context_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_visit_plan_host_id'), ['host_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_visit_plan_visiting_id'), ['visiting_id'], unique=False)

    op.create_table('coaching_session',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('agreement_id', sa.Integer(), nullable=False),
    sa.Column('held_on', sa.Date(), nullable=False),
    sa.Column('topics', sa.Text(), nullable=False),
    sa.Column('agreements', sa.Text(), nullable=False),
    sa.Column('next_steps', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['agreement_id'], ['coaching_agreement.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('coaching_session', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_coaching_session_agreement_id'), ['agreement_id'], unique=False)

    op.create_table('visit_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('visit_id', sa.Integer(), nullable=False),
    sa.Column('action', sa.String(length=16), nullable=False),
    sa.Column('side', sa.String(length=16), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['lti_user.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['visit_id'], ['visit_plan.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('visit_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_visit_event_visit_id'), ['visit_id'], unique=False)

    op.create_table('visit_message',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('visit_id', sa.Integer(), nullable=False),
    sa.Column('side', sa.String(length=16), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['lti_user.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['visit_id'], ['visit_plan.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('visit_message', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_visit_message_visit_id'), ['visit_id'], unique=False)



def downgrade():
    with op.batch_alter_table('visit_message', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_visit_message_visit_id'))

    op.drop_table('visit_message')
    with op.batch_alter_table('visit_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_visit_event_visit_id'))

    op.drop_table('visit_event')
    with op.batch_alter_table('coaching_session', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_coaching_session_agreement_id'))

    op.drop_table('coaching_session')
    with op.batch_alter_table('visit_plan', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_visit_plan_visiting_id'))
        batch_op.drop_index(batch_op.f('ix_visit_plan_host_id'))
        batch_op.drop_index(batch_op.f('ix_visit_plan_context_id'))

    op.drop_table('visit_plan')
    with op.batch_alter_table('coaching_agreement', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_coaching_agreement_context_id'))
        batch_op.drop_index(batch_op.f('ix_coaching_agreement_coached_id'))
        batch_op.drop_index(batch_op.f('ix_coaching_agreement_coach_user_id'))

    op.drop_table('coaching_agreement')
    with op.batch_alter_table('organisation_member', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_organisation_member_user_id'))
        batch_op.drop_index(batch_op.f('ix_organisation_member_organisation_id'))
        batch_op.drop_index(batch_op.f('ix_organisation_member_context_id'))

    op.drop_table('organisation_member')
    with op.batch_alter_table('host_offer', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_host_offer_organisation_id'))

    op.drop_table('host_offer')
    with op.batch_alter_table('capacity_assessment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_capacity_assessment_user_id'))
        batch_op.drop_index(batch_op.f('ix_capacity_assessment_resource_link_id'))
        batch_op.drop_index(batch_op.f('ix_capacity_assessment_organisation_id'))
        batch_op.drop_index(batch_op.f('ix_capacity_assessment_context_id'))

    op.drop_table('capacity_assessment')
    with op.batch_alter_table('organisation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_organisation_context_id'))

    op.drop_table('organisation')
