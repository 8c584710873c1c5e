/** The selected connection's stream lint findings: what each means, its evidence, how to fix it. */
import { t } from '../i18n';
import { lintConnection } from '../lint';
import type { Connection } from '../model';
import { useLintContext } from '../use-lint';
import { Section } from './Section';
import './lint.css';

export function LintSection(props: { readonly connection: Connection }) {
  const c = props.connection;
  const findings = lintConnection(c, useLintContext());
  if (findings.length === 0) return null;
  return (
    <Section title={t('lint.section')} testId="lint-section" resetKey={c}>
      <ul className="lint-list">
        {findings.map((f) => (
          <li key={f.rule} className="lint-finding" data-testid="lint" data-rule={f.rule}>
            <div className="lint-title">
              {t(`lint.${f.rule}.title`)} <code className="lint-rule">{f.rule}</code>
            </div>
            <div className="lint-means selectable">{t(`lint.${f.rule}.means`, f.evidence)}</div>
            <div className="lint-fix">
              <span className="lint-fix-label">{`${t('lint.fix')}: `}</span>
              {t(`lint.${f.rule}.fix`)}
            </div>
          </li>
        ))}
      </ul>
    </Section>
  );
}
