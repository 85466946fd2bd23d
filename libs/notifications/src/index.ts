export * from './notifications.module';
export * from './notification-jobs.producer';
export * from './mail/mail.service';
export * from './missing-risk-assessments/missing-risk-assessments.jobs';
export * from './missing-risk-assessments/weekly-missing-risk-assessments.service';
export * from './review-reminders/review-reminders.jobs';
export * from './review-reminders/daily-review-reminders.service';
