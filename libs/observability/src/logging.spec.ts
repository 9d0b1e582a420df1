import { createLogger, maskPersonalText, withLogContext } from './index';

function capture(): { lines: Array<Record<string, unknown>>; stream: { write: (s: string) => void } } {
  const lines: Array<Record<string, unknown>> = [];
  return {
    lines,
    stream: { write: (s: string) => void lines.push(JSON.parse(s) as Record<string, unknown>) },
  };
}

describe('structured logs', () => {
  it('every line written while handling an event names its event and correlation ids, across awaits', async () => {
    const { lines, stream } = capture();
    const logger = createLogger('test', 'info', stream);
    await withLogContext(
      { eventId: 'E1', correlationId: 'C1', eventType: 'intake.application.filed' },
      async () => {
        await new Promise((r) => setTimeout(r, 5));
        logger.info('handled');
      },
    );
    logger.info('outside');
    expect(lines[0]).toMatchObject({ service: 'test', eventId: 'E1', correlationId: 'C1', msg: 'handled' });
    expect(lines[1]).not.toHaveProperty('eventId');
  });

  it('masks resident ID numbers in messages (keep 6 + 4)', () => {
    const { lines, stream } = capture();
    createLogger('test', 'info', stream).warn('legal rep 11010119800101001X refused');
    expect(lines[0]?.msg).toBe('legal rep 110101********001X refused');
    expect(maskPersonalText('no id here 123')).toBe('no id here 123');
  });
});
