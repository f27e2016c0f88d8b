import { describe, expect, it } from 'vitest';
import { parseCommandLine, parseModelList, parsePort } from '../../src/cli/arguments.js';
import { UsageError } from '../../src/cli/usage.js';

describe('parseCommandLine', () => {
  it('reads run with every option', () => {
    expect(parseCommandLine(['run', 'request.json', '--config', 'm.yaml', '--model', 'claude', '--stream', '--json'])).toEqual({
      command: 'run',
      requestFile: 'request.json',
      configPath: 'm.yaml',
      model: 'claude',
      stream: true,
      dryRun: false,
      json: true,
    });
    expect(parseCommandLine(['run', 'request.json', '--dry-run'])).toMatchObject({ dryRun: true, stream: false, model: undefined });
  });

  it('reads compare with a comma-separated model list', () => {
    expect(parseCommandLine(['compare', 'r.json', '--models', 'gpt-4o, claude,,gemini', '--json'])).toEqual({
      command: 'compare',
      requestFile: 'r.json',
      configPath: undefined,
      models: ['gpt-4o', 'claude', 'gemini'],
      json: true,
    });
  });

  it('reads serve and validate; the bare command and bare options mean serve', () => {
    expect(parseCommandLine([])).toEqual({ command: 'serve', configPath: undefined, port: undefined, host: undefined });
    expect(parseCommandLine(['--port', '9000'])).toEqual({ command: 'serve', configPath: undefined, port: 9000, host: undefined });
    expect(parseCommandLine(['serve', '--config', 'a.yaml', '--host', '127.0.0.1'])).toMatchObject({ configPath: 'a.yaml', host: '127.0.0.1' });
    expect(parseCommandLine(['validate', 'a.yaml'])).toEqual({ command: 'validate', configPath: 'a.yaml' });
    expect(parseCommandLine(['validate', '--config', 'b.yaml'])).toEqual({ command: 'validate', configPath: 'b.yaml' });
    expect(parseCommandLine(['validate'])).toEqual({ command: 'validate', configPath: undefined });
  });

  it('answers help for help, --help and -h, also after a command', () => {
    for (const argv of [['help'], ['--help'], ['-h'], ['run', '--help'], ['compare', '-h'], ['validate', '--help']]) {
      expect(parseCommandLine(argv)).toEqual({ command: 'help' });
    }
  });

  it.each([
    [['nonsense'], /unknown command: nonsense/],
    [['run'], /missing request file/],
    [['run', 'a.json', 'b.json'], /expected one request file/],
    [['run', 'a.json', '--model'], /argument missing/],
    [['run', 'a.json', '--colour'], /Unknown option '--colour'/],
    [['run', 'a.json', '--dry-run', '--stream'], /cannot be combined/],
    [['compare', 'a.json'], /compare needs --models/],
    [['compare', 'a.json', '--models', ' , '], /at least one model/],
    [['compare', 'a.json', '--models', 'a,b,a'], /lists "a" twice/],
    [['compare', '--models', 'a'], /missing request file/],
    [['serve', '--port', '70000'], /invalid port/],
    [['serve', 'extra'], /no positional arguments/],
    [['validate', 'a.yaml', '--config', 'b.yaml'], /give the config path once/],
  ])('%j is a usage error', (argv, message) => {
    expect(() => parseCommandLine(argv)).toThrow(UsageError);
    expect(() => parseCommandLine(argv)).toThrow(message);
  });
});

describe('parsePort and parseModelList', () => {
  it('accepts ports 0..65535 only', () => {
    expect(parsePort('0')).toBe(0);
    expect(parsePort('65535')).toBe(65535);
    for (const text of ['', ' ', '-1', '65536', '80.5', 'http']) expect(() => parsePort(text)).toThrow(UsageError);
  });

  it('trims aliases and keeps their order', () => {
    expect(parseModelList('b,a')).toEqual(['b', 'a']);
    expect(parseModelList(' only ')).toEqual(['only']);
  });
});
