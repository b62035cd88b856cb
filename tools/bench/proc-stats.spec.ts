import { parseCpuTicks, parseVmHwmKib, parseVmRssKib, redisProcessId } from './proc-stats';

describe('parseCpuTicks', () => {
  it('adds utime and stime (fields 14 and 15)', () => {
    const stat = '27991 (node) S 1 27988 25621 0 -1 4194304 20796 0 0 0 37 7 0 0 20 0 9 0 650035 2318921728 32355 18446744073709551615\n';
    expect(parseCpuTicks(stat)).toBe(44);
  });

  it('counts fields from the last parenthesis, whatever the command name holds', () => {
    const stat = '42 (we(ird) name) ) R 1 42 42 0 -1 4194304 10 0 0 0 1200 300 5 6 20 0 1 0 100 2000 30';
    expect(parseCpuTicks(stat)).toBe(1500);
  });

  it('refuses text that is not a stat line', () => {
    expect(() => parseCpuTicks('(nothing) here')).toThrow('not a /proc/<pid>/stat line');
  });
});

describe('parseVmHwmKib', () => {
  it('reads the peak resident set size', () => {
    const status = 'Name:\tnode\nVmPeak:\t 2264572 kB\nVmHWM:\t   51234 kB\nVmRSS:\t   50000 kB\n';
    expect(parseVmHwmKib(status)).toBe(51234);
  });

  it('refuses a status without VmHWM (a kernel thread, say)', () => {
    expect(() => parseVmHwmKib('Name:\tkthreadd\nState:\tS (sleeping)\n')).toThrow('no VmHWM');
  });
});

describe('parseVmRssKib', () => {
  it('reads the current resident set size, not the peak', () => {
    const status = 'Name:\tnode\nVmHWM:\t   51234 kB\nVmRSS:\t   50000 kB\n';
    expect(parseVmRssKib(status)).toBe(50000);
  });

  it('refuses a status without VmRSS', () => {
    expect(() => parseVmRssKib('Name:\tkthreadd\n')).toThrow('no VmRSS');
  });
});

describe('redisProcessId', () => {
  it('reads process_id from INFO server, whose lines end in CRLF', () => {
    const info = '# Server\r\nredis_version:7.0.15\r\nredis_mode:standalone\r\nprocess_id:2257\r\nprocess_supervised:no\r\n';
    expect(redisProcessId(info)).toBe(2257);
  });

  it('is undefined when the answer has no process_id line', () => {
    expect(redisProcessId('# Server\r\nredis_version:7.0.15\r\n')).toBeUndefined();
  });
});
