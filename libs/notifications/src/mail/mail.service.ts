import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import nodemailer, { Transporter } from 'nodemailer';
import { APP_CONFIG, AppConfig } from '@asb/core';

export interface OutgoingMail {
  to: string[];
  subject: string;
  text: string;
  html: string;
  attachments?: { filename: string; content: string; contentType: string }[];
  /** A stable id, so a retried send is recognisable in the recipient's mail system. */
  messageId?: string;
}

/**
 * Sends e-mail through SMTP (nodemailer) when SMTP_URL is set; otherwise
 * writes each message as an .eml file to OUTBOX_DIR, so a developer's machine
 * needs no mail server.
 */
@Injectable()
export class MailService implements OnModuleDestroy {
  private readonly logger = new Logger(MailService.name);
  private readonly transport: Transporter;
  private readonly outboxDir?: string;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    if (config.mail.smtpUrl) {
      this.transport = nodemailer.createTransport(config.mail.smtpUrl, { from: config.mail.from });
    } else {
      this.outboxDir = resolve(config.mail.outboxDir);
      this.transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' }, { from: config.mail.from });
    }
  }

  async send(mail: OutgoingMail): Promise<{ messageId: string; file?: string }> {
    const info = await this.transport.sendMail({ ...mail, to: mail.to.join(', ') });
    if (this.outboxDir) {
      await mkdir(this.outboxDir, { recursive: true });
      const file = join(this.outboxDir, `${new Date().toISOString().replace(/[:.]/g, '-')}-${info.messageId.replace(/[^A-Za-z0-9.@-]/g, '')}.eml`);
      await writeFile(file, info.message as Buffer);
      this.logger.log({ file, recipients: mail.to.length }, 'e-mail written to the outbox');
      return { messageId: info.messageId, file };
    }
    this.logger.log({ messageId: info.messageId, recipients: mail.to.length }, 'e-mail sent');
    return { messageId: info.messageId };
  }

  onModuleDestroy(): void {
    this.transport.close();
  }
}
