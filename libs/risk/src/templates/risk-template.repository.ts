import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { RiskSubject, RiskTemplate, TemplateQuestion } from '../rules/risk-score';

interface TemplateRow {
  subject: RiskSubject;
  version: number;
  threshold_medium: number;
  threshold_high: number;
  questions: TemplateQuestion[];
}

const toTemplate = (r: TemplateRow): RiskTemplate => ({
  subject: r.subject,
  version: r.version,
  thresholds: { medium: r.threshold_medium, high: r.threshold_high },
  questions: r.questions,
});

@Injectable()
export class RiskTemplateRepository {
  /** The newest version of each subject's template. */
  async findCurrentTemplates(em: EntityManager): Promise<RiskTemplate[]> {
    const rows: TemplateRow[] = await em.query(
      `SELECT DISTINCT ON (subject) subject, version, threshold_medium, threshold_high, questions
         FROM risk_assessment_templates ORDER BY subject, version DESC`,
    );
    const order: RiskSubject[] = ['case', 'victim', 'perpetrator'];
    return rows.map(toTemplate).sort((a, b) => order.indexOf(a.subject) - order.indexOf(b.subject));
  }

  async findCurrentTemplate(em: EntityManager, subject: RiskSubject): Promise<RiskTemplate> {
    const [row]: TemplateRow[] = await em.query(
      `SELECT subject, version, threshold_medium, threshold_high, questions
         FROM risk_assessment_templates WHERE subject = $1 ORDER BY version DESC LIMIT 1`,
      [subject],
    );
    return toTemplate(row);
  }
}
