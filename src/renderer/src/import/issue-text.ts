import { useTranslation } from 'react-i18next';
import { wordsText, type ImportIssue } from '../../../shared/import-problems';

/**
 * An import issue (a code and its values from the core) in the UI's language: "Prezime: prazno",
 * "Pol: „x“ nije razumljivo; koristite M ili Ž". The cell's own text is quoted as it was.
 */
export function useIssueText(): (issue: ImportIssue) => string {
  const { t } = useTranslation('import');
  return (issue) => {
    const values = { ...issue.values, words: wordsText(issue.values, t('issue.or')) };
    const text = t(`issue.${issue.code}`, { ...values, interpolation: { escapeValue: false } });
    if (!issue.column) return text.charAt(0).toUpperCase() + text.slice(1);
    const column = issue.column.header ?? t('issue.columnLetter', { letter: issue.column.letter });
    return `${column}: ${text}`;
  };
}
