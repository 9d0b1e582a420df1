import type { Actor } from '@app/contracts';
import {
  isUnresolved,
  progressTicket,
  type RectificationTicket,
  type TicketCommand,
  type TicketStatus,
} from './rectification';

const openedAt = '2025-03-03T02:00:00.000Z';
const dueAt = '2025-03-10T16:00:00.000Z';
const caseworker: Actor = { kind: 'caseworker', id: 'cw', authority: 'PATENT_OFFICE' };
const before = new Date('2025-03-05T02:00:00.000Z');
const after = new Date('2025-03-11T00:00:00.000Z');

function ticket(status: TicketStatus): RectificationTicket {
  return {
    ticketId: 't1',
    ratingId: 'r1',
    authority: 'PATENT_OFFICE',
    uscc: 'U',
    eventApplicationId: 'a1',
    status,
    openedAt,
    dueDate: '2025-03-10',
    dueAt,
    dueVersion: 1,
    version: 3,
    steps: [{ step: 'OPENED', at: openedAt, actor: { kind: 'system', id: 'system' } }],
  };
}

const STATUSES: TicketStatus[] = ['OPEN', 'CONTACTED', 'RECTIFIED', 'ESCALATED', 'CLOSED'];

/** The allowed moves of the loop; everything else is refused with RECTIFICATION.INVALID_STEP. */
const ALLOWED: Array<{ from: TicketStatus; command: TicketCommand; to: TicketStatus; steps: string[] }> = [
  { from: 'OPEN', command: { kind: 'contact', note: 'n' }, to: 'CONTACTED', steps: ['CONTACT_RECORDED'] },
  {
    from: 'CONTACTED',
    command: { kind: 'contact', note: 'again' },
    to: 'CONTACTED',
    steps: ['CONTACT_RECORDED'],
  },
  { from: 'CONTACTED', command: { kind: 'rectified', note: 'n' }, to: 'RECTIFIED', steps: ['RECTIFIED'] },
  {
    from: 'RECTIFIED',
    command: { kind: 'confirm', satisfied: true },
    to: 'CLOSED',
    steps: ['APPLICANT_SATISFIED', 'CLOSED'],
  },
  {
    from: 'RECTIFIED',
    command: { kind: 'confirm', satisfied: false },
    to: 'ESCALATED',
    steps: ['APPLICANT_UNSATISFIED', 'ESCALATED'],
  },
  { from: 'ESCALATED', command: { kind: 'close', decision: 'd' }, to: 'CLOSED', steps: ['CLOSED'] },
];

const COMMANDS: TicketCommand[] = [
  { kind: 'contact', note: 'n' },
  { kind: 'rectified', note: 'n' },
  { kind: 'confirm', satisfied: true },
  { kind: 'confirm', satisfied: false },
  { kind: 'close', decision: 'd' },
];

describe('progressTicket (the rectification loop)', () => {
  it.each(ALLOWED)('$from + $command.kind → $to with steps $steps', ({ from, command, to, steps }) => {
    const progress = progressTicket(ticket(from), command, caseworker, before);
    expect(progress?.ticket.status).toBe(to);
    expect(progress?.steps.map((s) => s.step)).toEqual(steps);
    expect(progress?.ticket.version).toBe(4);
    expect(progress?.ticket.steps.map((s) => s.step)).toEqual(['OPENED', ...steps]);
    expect(progress?.steps.every((s) => s.actor === caseworker && s.at === before.toISOString())).toBe(true);
  });

  const refused = STATUSES.flatMap((from) =>
    COMMANDS.filter(
      (command) => !ALLOWED.some((a) => a.from === from && a.command.kind === command.kind),
    ).map((command) => ({ from, command })),
  );
  it.each(refused)('refuses $command.kind in $from', ({ from, command }) => {
    expect(() => progressTicket(ticket(from), command, caseworker, before)).toThrow(
      expect.objectContaining({ code: 'RECTIFICATION.INVALID_STEP', kind: 'CONFLICT' }),
    );
  });

  it('keeps the notes of the steps and the supervisor’s decision', () => {
    expect(
      progressTicket(ticket('OPEN'), { kind: 'contact', note: '已联系' }, caseworker, before)?.steps[0]?.note,
    ).toBe('已联系');
    const closed = progressTicket(
      ticket('ESCALATED'),
      { kind: 'close', decision: '约谈' },
      caseworker,
      before,
    );
    expect(closed?.ticket.decision).toBe('约谈');
    expect(closed?.steps[0]?.note).toBe('约谈');
  });

  describe('overdue check', () => {
    it.each(['OPEN', 'CONTACTED', 'RECTIFIED'] as const)(
      'escalates an unresolved ticket (%s) once the due instant has passed',
      (status) => {
        const progress = progressTicket(
          ticket(status),
          { kind: 'overdue' },
          { kind: 'system', id: 'system' },
          after,
        );
        expect(progress?.ticket.status).toBe('ESCALATED');
        expect(progress?.steps.map((s) => s.step)).toEqual(['ESCALATED']);
      },
    );

    it('escalates exactly at the due instant, not a millisecond before', () => {
      expect(
        progressTicket(ticket('OPEN'), { kind: 'overdue' }, caseworker, new Date(dueAt))?.ticket.status,
      ).toBe('ESCALATED');
      expect(
        progressTicket(ticket('OPEN'), { kind: 'overdue' }, caseworker, new Date(Date.parse(dueAt) - 1)),
      ).toBeNull();
    });

    it.each(['ESCALATED', 'CLOSED'] as const)('does nothing to a ticket already %s', (status) => {
      expect(progressTicket(ticket(status), { kind: 'overdue' }, caseworker, after)).toBeNull();
    });
  });

  it('isUnresolved: the office still owes the result in OPEN, CONTACTED and RECTIFIED only', () => {
    expect(STATUSES.filter((s) => isUnresolved(ticket(s)))).toEqual(['OPEN', 'CONTACTED', 'RECTIFIED']);
  });
});
