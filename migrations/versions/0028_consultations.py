"""consultations addressed to organisations: consultations, their questions and
options, each organisation's response (unique), its answers and comments, the
anonymous answers kept apart from any organisation, and requests for a later deadline

Revision ID: 0028_consultations
Revises: 0027_decisions
Create Date: 2026-12-07 00:14:42.653711

"""
from alembic import op
import sqlalchemy as sa

import mentorship.db


# revision identifiers, used by Alembic.
revision = '0028_consultations'
down_revision = '0027_decisions'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('consultations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('anonymity', sa.String(length=12), nullable=False),
    sa.Column('title_id', sa.Integer(), nullable=True),
    sa.Column('intro_id', sa.Integer(), nullable=True),
    sa.Column('opens_on', sa.Date(), nullable=True),
    sa.Column('closes_on', sa.Date(), nullable=True),
    sa.Column('opened_at', mentorship.db.UTCDateTime(), nullable=True),
    sa.Column('closed_at', mentorship.db.UTCDateTime(), nullable=True),
    sa.Column('cloned_from_id', sa.Integer(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', mentorship.db.UTCDateTime(), nullable=False),
    sa.CheckConstraint("anonymity IN ('attributed', 'confidential', 'anonymous')", name=op.f('ck_consultations_anonymity')),
    sa.CheckConstraint("status = 'draft' OR (opens_on IS NOT NULL AND closes_on IS NOT NULL AND opened_at IS NOT NULL)", name=op.f('ck_consultations_opened')),
    sa.CheckConstraint("status IN ('draft', 'open', 'closed')", name=op.f('ck_consultations_status')),
    sa.CheckConstraint('opens_on IS NULL OR closes_on IS NULL OR closes_on >= opens_on', name=op.f('ck_consultations_window')),
    sa.ForeignKeyConstraint(['cloned_from_id'], ['consultations.id'], name=op.f('fk_consultations_cloned_from_id_consultations'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_consultations_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['intro_id'], ['translated_texts.id'], name=op.f('fk_consultations_intro_id_translated_texts'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['title_id'], ['translated_texts.id'], name=op.f('fk_consultations_title_id_translated_texts'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consultations'))
    )
    with op.batch_alter_table('consultations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_consultations_cloned_from_id'), ['cloned_from_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_consultations_created_by_id'), ['created_by_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_consultations_status'), ['status'], unique=False)

    op.create_table('consultation_extensions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('consultation_id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('requested_until', sa.Date(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('requested_by_id', sa.Integer(), nullable=True),
    sa.Column('requested_at', mentorship.db.UTCDateTime(), nullable=False),
    sa.Column('granted_until', sa.Date(), nullable=True),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', mentorship.db.UTCDateTime(), nullable=True),
    sa.CheckConstraint("status <> 'granted' OR granted_until IS NOT NULL", name=op.f('ck_consultation_extensions_granted')),
    sa.CheckConstraint("status IN ('requested', 'granted', 'refused')", name=op.f('ck_consultation_extensions_status')),
    sa.ForeignKeyConstraint(['consultation_id'], ['consultations.id'], name=op.f('fk_consultation_extensions_consultation_id_consultations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'], name=op.f('fk_consultation_extensions_decided_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_consultation_extensions_organisation_id_organisations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['requested_by_id'], ['users.id'], name=op.f('fk_consultation_extensions_requested_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consultation_extensions')),
    sa.UniqueConstraint('consultation_id', 'organisation_id', name='uq_consultation_extensions_once')
    )
    with op.batch_alter_table('consultation_extensions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_consultation_extensions_consultation_id'), ['consultation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_consultation_extensions_decided_by_id'), ['decided_by_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_consultation_extensions_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_consultation_extensions_requested_by_id'), ['requested_by_id'], unique=False)

    op.create_table('consultation_questions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('consultation_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('required', sa.Boolean(), nullable=False),
    sa.Column('label_id', sa.Integer(), nullable=True),
    sa.Column('scale_min', sa.Integer(), nullable=True),
    sa.Column('scale_max', sa.Integer(), nullable=True),
    sa.Column('min_label_id', sa.Integer(), nullable=True),
    sa.Column('max_label_id', sa.Integer(), nullable=True),
    sa.Column('condition_option_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("kind <> 'scale' OR (scale_min IS NOT NULL AND scale_max IS NOT NULL AND scale_min < scale_max)", name=op.f('ck_consultation_questions_scale')),
    sa.CheckConstraint("kind IN ('single', 'multiple', 'scale', 'text')", name=op.f('ck_consultation_questions_kind')),
    sa.ForeignKeyConstraint(['consultation_id'], ['consultations.id'], name=op.f('fk_consultation_questions_consultation_id_consultations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['label_id'], ['translated_texts.id'], name=op.f('fk_consultation_questions_label_id_translated_texts'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['max_label_id'], ['translated_texts.id'], name=op.f('fk_consultation_questions_max_label_id_translated_texts'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['min_label_id'], ['translated_texts.id'], name=op.f('fk_consultation_questions_min_label_id_translated_texts'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consultation_questions'))
    )
    with op.batch_alter_table('consultation_questions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_consultation_questions_condition_option_id'), ['condition_option_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_consultation_questions_consultation_id'), ['consultation_id'], unique=False)

    op.create_table('consultation_responses',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('consultation_id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('created_at', mentorship.db.UTCDateTime(), nullable=False),
    sa.Column('updated_at', mentorship.db.UTCDateTime(), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.Column('submitted_at', mentorship.db.UTCDateTime(), nullable=True),
    sa.Column('submitted_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("(status = 'submitted') = (submitted_at IS NOT NULL)", name=op.f('ck_consultation_responses_submitted')),
    sa.CheckConstraint("status IN ('draft', 'submitted')", name=op.f('ck_consultation_responses_status')),
    sa.ForeignKeyConstraint(['consultation_id'], ['consultations.id'], name=op.f('fk_consultation_responses_consultation_id_consultations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_consultation_responses_organisation_id_organisations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['submitted_by_id'], ['users.id'], name=op.f('fk_consultation_responses_submitted_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'], name=op.f('fk_consultation_responses_updated_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consultation_responses')),
    sa.UniqueConstraint('consultation_id', 'organisation_id', name='uq_consultation_responses_once')
    )
    with op.batch_alter_table('consultation_responses', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_consultation_responses_consultation_id'), ['consultation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_consultation_responses_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_consultation_responses_submitted_by_id'), ['submitted_by_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_consultation_responses_updated_by_id'), ['updated_by_id'], unique=False)

    op.create_table('consultation_comments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('response_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_at', mentorship.db.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_consultation_comments_author_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['response_id'], ['consultation_responses.id'], name=op.f('fk_consultation_comments_response_id_consultation_responses'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consultation_comments'))
    )
    with op.batch_alter_table('consultation_comments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_consultation_comments_author_id'), ['author_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_consultation_comments_response_id'), ['response_id'], unique=False)

    op.create_table('consultation_options',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('label_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['label_id'], ['translated_texts.id'], name=op.f('fk_consultation_options_label_id_translated_texts'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['question_id'], ['consultation_questions.id'], name=op.f('fk_consultation_options_question_id_consultation_questions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consultation_options'))
    )
    with op.batch_alter_table('consultation_options', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_consultation_options_question_id'), ['question_id'], unique=False)

    # The condition of a question points at an option of an earlier question: the
    # two tables refer to each other, so this key comes once both exist.
    with op.batch_alter_table('consultation_questions', schema=None) as batch_op:
        batch_op.create_foreign_key('fk_consultation_questions_condition_option_id', 'consultation_options', ['condition_option_id'], ['id'], ondelete='SET NULL')

    op.create_table('consultation_anonymous_answers',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('ballot', sa.String(length=32), nullable=False),
    sa.Column('consultation_id', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.Integer(), nullable=False),
    sa.Column('option_id', sa.Integer(), nullable=True),
    sa.Column('scale_value', sa.Integer(), nullable=True),
    sa.Column('text', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['consultation_id'], ['consultations.id'], name=op.f('fk_consultation_anonymous_answers_consultation_id_consultations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['option_id'], ['consultation_options.id'], name=op.f('fk_consultation_anonymous_answers_option_id_consultation_options'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['question_id'], ['consultation_questions.id'], name=op.f('fk_consultation_anonymous_answers_question_id_consultation_questions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consultation_anonymous_answers'))
    )
    with op.batch_alter_table('consultation_anonymous_answers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_consultation_anonymous_answers_ballot'), ['ballot'], unique=False)
        batch_op.create_index(batch_op.f('ix_consultation_anonymous_answers_consultation_id'), ['consultation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_consultation_anonymous_answers_option_id'), ['option_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_consultation_anonymous_answers_question_id'), ['question_id'], unique=False)

    op.create_table('consultation_answers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('response_id', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.Integer(), nullable=False),
    sa.Column('option_id', sa.Integer(), nullable=True),
    sa.Column('scale_value', sa.Integer(), nullable=True),
    sa.Column('text', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['option_id'], ['consultation_options.id'], name=op.f('fk_consultation_answers_option_id_consultation_options'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['question_id'], ['consultation_questions.id'], name=op.f('fk_consultation_answers_question_id_consultation_questions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['response_id'], ['consultation_responses.id'], name=op.f('fk_consultation_answers_response_id_consultation_responses'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consultation_answers'))
    )
    with op.batch_alter_table('consultation_answers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_consultation_answers_option_id'), ['option_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_consultation_answers_question_id'), ['question_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_consultation_answers_response_id'), ['response_id'], unique=False)



def downgrade():
    with op.batch_alter_table('consultation_answers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_consultation_answers_response_id'))
        batch_op.drop_index(batch_op.f('ix_consultation_answers_question_id'))
        batch_op.drop_index(batch_op.f('ix_consultation_answers_option_id'))

    with op.batch_alter_table('consultation_questions', schema=None) as batch_op:
        batch_op.drop_constraint('fk_consultation_questions_condition_option_id', type_='foreignkey')

    op.drop_table('consultation_answers')
    with op.batch_alter_table('consultation_anonymous_answers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_consultation_anonymous_answers_question_id'))
        batch_op.drop_index(batch_op.f('ix_consultation_anonymous_answers_option_id'))
        batch_op.drop_index(batch_op.f('ix_consultation_anonymous_answers_consultation_id'))
        batch_op.drop_index(batch_op.f('ix_consultation_anonymous_answers_ballot'))

    op.drop_table('consultation_anonymous_answers')
    with op.batch_alter_table('consultation_options', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_consultation_options_question_id'))

    op.drop_table('consultation_options')
    with op.batch_alter_table('consultation_comments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_consultation_comments_response_id'))
        batch_op.drop_index(batch_op.f('ix_consultation_comments_author_id'))

    op.drop_table('consultation_comments')
    with op.batch_alter_table('consultation_responses', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_consultation_responses_updated_by_id'))
        batch_op.drop_index(batch_op.f('ix_consultation_responses_submitted_by_id'))
        batch_op.drop_index(batch_op.f('ix_consultation_responses_organisation_id'))
        batch_op.drop_index(batch_op.f('ix_consultation_responses_consultation_id'))

    op.drop_table('consultation_responses')
    with op.batch_alter_table('consultation_questions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_consultation_questions_consultation_id'))
        batch_op.drop_index(batch_op.f('ix_consultation_questions_condition_option_id'))

    op.drop_table('consultation_questions')
    with op.batch_alter_table('consultation_extensions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_consultation_extensions_requested_by_id'))
        batch_op.drop_index(batch_op.f('ix_consultation_extensions_organisation_id'))
        batch_op.drop_index(batch_op.f('ix_consultation_extensions_decided_by_id'))
        batch_op.drop_index(batch_op.f('ix_consultation_extensions_consultation_id'))

    op.drop_table('consultation_extensions')
    with op.batch_alter_table('consultations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_consultations_status'))
        batch_op.drop_index(batch_op.f('ix_consultations_created_by_id'))
        batch_op.drop_index(batch_op.f('ix_consultations_cloned_from_id'))

    op.drop_table('consultations')
