// What a visitor sees instead of a block that cannot be shown.
import { useT } from '../../lib/i18n.js';

export function BrokenBlock({ type, reason }: { type?: string; reason?: 'missing' }) {
  const t = useT();
  return (
    <div className="block block-broken" data-block-type={type}>
      <p>{reason === 'missing' ? t('missingTarget') : t('brokenBlock')}</p>
    </div>
  );
}
