/**
 * evidence/index.html: the one page a reviewer opens. Pure (data in, HTML out), self-contained
 * (inline CSS, no script), every piece of data rendered as escaped text; images and exports are
 * linked by relative path, so the folder can be moved or attached as a whole.
 */
import type { Verdict } from '../../demo/acceptance/verdicts';

export interface PanelVerdict {
  readonly id: string;
  /** 'pass' | 'fail' | 'nodata' as the panel's acceptance view reports it. */
  readonly status: string;
  readonly text: string;
}

export interface ModeEvidence {
  readonly mode: string;
  readonly verdicts: readonly Verdict[];
  readonly panelVerdicts: readonly PanelVerdict[];
  /** Relative paths (from evidence/) of the panel's exports. */
  readonly exports: readonly string[];
  readonly durationMs: number;
  readonly stats: string;
}

export interface CriterionPictures {
  /** The harness criterion (same order as the verdicts). */
  readonly criterion: string;
  /** The panel's own verdicts that judge the same thing. */
  readonly panelIds: readonly string[];
  /** Per mode: pictures (relative paths) with captions. */
  readonly pictures: Readonly<Record<string, ReadonlyArray<{ src: string; caption: string }>>>;
}

export interface IndexInput {
  readonly title: string;
  readonly commit: string;
  readonly chromium: string;
  readonly startedAt: string;
  readonly durationMs: number;
  readonly command: string;
  readonly modes: readonly ModeEvidence[];
  readonly criteria: readonly CriterionPictures[];
  /** Other files worth a link (SUMMARY.md, samples, PDF). */
  readonly links: ReadonlyArray<{ href: string; label: string }>;
}

const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text for element content and quoted attribute values. */
export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/** A relative link: path segments URI-encoded (a file name may hold `#`, `?` or spaces). */
export function href(path: string): string {
  return escapeHtml(path.split('/').map(encodeURIComponent).join('/'));
}

const mark = (pass: boolean | null | undefined): string =>
  pass === true ? '✓' : pass === false ? '✗' : '—';
const panelMark = (status: string | undefined): string =>
  status === 'pass' ? '✓' : status === 'fail' ? '✗' : '—';
const cls = (pass: boolean | null | undefined): string =>
  pass === true ? 'pass' : pass === false ? 'fail' : 'nodata';
const seconds = (ms: number): string => `${(ms / 1000).toFixed(0)} s`;

export function renderIndex(input: IndexInput): string {
  const { modes } = input;
  const criteriaRows = input.criteria
    .map((c, i) => {
      const cells = modes
        .map((m) => {
          const v = m.verdicts[i];
          const panel = c.panelIds
            .map((id) => {
              const pv = m.panelVerdicts.find((p) => p.id === id);
              return `<span class="panel-verdict">panel ${escapeHtml(id)} ${panelMark(pv?.status)}</span>`;
            })
            .join(' ');
          return `<td class="${cls(v?.pass)}"><span class="mark">${mark(v?.pass)}</span> ${escapeHtml(v?.evidence ?? 'no verdict')}<br>${panel}</td>`;
        })
        .join('');
      return `<tr><th scope="row"><a href="#c${i + 1}">${i + 1}. ${escapeHtml(c.criterion)}</a></th>${cells}</tr>`;
    })
    .join('\n');

  const sections = input.criteria
    .map((c, i) => {
      const columns = modes
        .map((m) => {
          const v = m.verdicts[i];
          const figures = (c.pictures[m.mode] ?? [])
            .map(
              (p) =>
                `<figure><a href="${href(p.src)}"><img src="${href(p.src)}" alt="${escapeHtml(p.caption)}" loading="lazy"></a><figcaption>${escapeHtml(p.caption)}</figcaption></figure>`,
            )
            .join('\n');
          return `<div class="column"><h3 class="${cls(v?.pass)}">${escapeHtml(m.mode)} ${mark(v?.pass)}</h3><p>${escapeHtml(v?.evidence ?? '')}</p>${figures || '<p class="muted">no picture</p>'}</div>`;
        })
        .join('\n');
      return `<section id="c${i + 1}"><h2>${i + 1}. ${escapeHtml(c.criterion)}</h2><div class="columns">${columns}</div></section>`;
    })
    .join('\n');

  const modeList = modes
    .map((m) => {
      const exports = m.exports.map((e) => `<a href="${href(e)}">${escapeHtml(e)}</a>`).join(', ');
      return `<li><b>${escapeHtml(m.mode)}</b>: ${escapeHtml(m.stats)}; ${seconds(m.durationMs)}. Panel exports: ${exports || 'none'}</li>`;
    })
    .join('\n');
  const links = input.links
    .map((l) => `<a href="${href(l.href)}">${escapeHtml(l.label)}</a>`)
    .join(' · ');

  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(input.title)}</title>
<style>
body { font: 14px/1.45 system-ui, sans-serif; margin: 24px; color: #1f1f1f; }
h1 { font-size: 22px; margin: 0 0 8px; }
h2 { font-size: 17px; margin: 28px 0 8px; border-top: 1px solid #ddd; padding-top: 16px; }
h3 { font-size: 15px; margin: 0 0 4px; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 8px 0 16px; }
dl.meta dt { color: #666; }
dl.meta dd { margin: 0; font-family: ui-monospace, monospace; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #ddd; padding: 6px 8px; text-align: left; vertical-align: top; }
thead th { background: #f3f3f3; }
th[scope="row"] { font-weight: 600; width: 26%; }
td.pass, h3.pass { color: #0a6b2c; }
td.fail, h3.fail { color: #b3261e; }
td.nodata, h3.nodata { color: #666; }
td .mark { font-weight: 700; font-size: 16px; }
.panel-verdict { display: inline-block; margin-top: 4px; font-size: 12px; color: #444; background: #f3f3f3; border-radius: 3px; padding: 0 4px; }
.columns { display: grid; grid-template-columns: 1fr 1fr; gap: 16px; }
figure { margin: 8px 0; }
figure img { max-width: 100%; border: 1px solid #ccc; }
figcaption { font-size: 12px; color: #555; }
.muted { color: #777; }
@media print { .columns { grid-template-columns: 1fr 1fr; } section { break-inside: avoid-page; } }
</style>
</head>
<body>
<h1>${escapeHtml(input.title)}</h1>
<dl class="meta">
<dt>Commit</dt><dd>${escapeHtml(input.commit)}</dd>
<dt>Chromium</dt><dd>${escapeHtml(input.chromium)}</dd>
<dt>Started</dt><dd>${escapeHtml(input.startedAt)}</dd>
<dt>Duration</dt><dd>${seconds(input.durationMs)}</dd>
<dt>Command</dt><dd>${escapeHtml(input.command)}</dd>
</dl>
<ul>
${modeList}
</ul>
<p>${links}</p>
<h2>Criteria</h2>
<table>
<thead><tr><th>criterion</th>${modes.map((m) => `<th>${escapeHtml(m.mode)}</th>`).join('')}</tr></thead>
<tbody>
${criteriaRows}
</tbody>
</table>
${sections}
</body>
</html>
`;
}
