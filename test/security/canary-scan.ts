/**
 * The canary scan: looks for every canary (test/support/canaries.ts) in every recorded log line
 * (test/support/runtime-log-sink.ts). A finding names the canary and the source, and shows the line with
 * every canary masked, so that the report itself does not repeat what leaked.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CanaryNeedle } from '../support/canaries.js';

export interface CanaryLeak {
  canary: string;
  source: string;
  /** The line (at most 300 characters around the canary), the canary replaced by `<canary>`. */
  excerpt: string;
}

export interface CanaryScanReport {
  files: number;
  lines: number;
  /** Lines per source (which harnesses fed the scan). */
  sources: Record<string, number>;
  leaks: CanaryLeak[];
}

/** Scans one line; returns the canaries found in it. */
export function findCanaries(text: string, needles: readonly CanaryNeedle[], source: string): CanaryLeak[] {
  const leaks: CanaryLeak[] = [];
  for (const { name, value } of needles) {
    const at = text.indexOf(value);
    if (at < 0) continue;
    const window = text.slice(Math.max(0, at - 140), at + value.length + 140);
    leaks.push({ canary: name, source, excerpt: mask(window, needles) });
  }
  return leaks;
}

/** The text with every canary in it replaced by `<canary>` (a report must not repeat a leak). */
function mask(text: string, needles: readonly CanaryNeedle[]): string {
  let masked = text;
  for (const { value } of needles) masked = masked.split(value).join('<canary>');
  return masked;
}

/** Scans every `*.ndjson` file of a runtime log directory. */
export function scanRuntimeLogDir(dir: string, needles: readonly CanaryNeedle[]): CanaryScanReport {
  const report: CanaryScanReport = { files: 0, lines: 0, sources: {}, leaks: [] };
  if (!existsSync(dir)) return report;
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.ndjson')).sort()) {
    report.files += 1;
    for (const raw of readFileSync(join(dir, name), 'utf8').split('\n')) {
      if (raw === '') continue;
      let entry: { source?: unknown; text?: unknown };
      try {
        entry = JSON.parse(raw) as { source?: unknown; text?: unknown };
      } catch {
        entry = { source: `unreadable record in ${name}`, text: raw };
      }
      const source = typeof entry.source === 'string' ? entry.source : 'unknown';
      const text = typeof entry.text === 'string' ? entry.text : raw;
      report.lines += 1;
      report.sources[source] = (report.sources[source] ?? 0) + 1;
      report.leaks.push(...findCanaries(text, needles, source));
    }
  }
  return report;
}

/** A short human summary (never a canary value). */
export function describeScan(report: CanaryScanReport): string {
  const sources = Object.entries(report.sources)
    .map(([source, count]) => `${source} ${count}`)
    .join(', ');
  const head = `canary scan: ${report.lines} runtime log lines from ${report.files} process(es)${sources ? ` (${sources})` : ''}`;
  if (report.leaks.length === 0) return `${head}: no canary found`;
  const shown = report.leaks.slice(0, 20).map((l) => `  - ${l.canary} in ${l.source}: ${l.excerpt}`);
  return `${head}: ${report.leaks.length} CANARY LEAK(S)\n${shown.join('\n')}${report.leaks.length > 20 ? `\n  ... and ${report.leaks.length - 20} more` : ''}`;
}
