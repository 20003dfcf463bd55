import { ButtonStyle, ComponentType, type APIActionRowComponent, type APIButtonComponentWithCustomId } from 'discord.js';
import type { ReplyButton } from '../../core/reply.ts';
import { LIMITS } from './split.ts';

export type ButtonRow = APIActionRowComponent<APIButtonComponentWithCustomId>;

const STYLES: Record<NonNullable<ReplyButton['style']>, APIButtonComponentWithCustomId['style']> = {
  primary: ButtonStyle.Primary,
  secondary: ButtonStyle.Secondary,
  success: ButtonStyle.Success,
  danger: ButtonStyle.Danger,
};

const clip = (s: string, max: number) => (s.length <= max ? s : `${s.slice(0, max - 1)}…`);

/**
 * Reply buttons as action rows: at most 5 rows of 5, custom_id = the button id (ids over 100
 * characters cannot be routed back, so they are dropped), labels clipped to 80 characters.
 */
export function buttonRows(buttons: readonly ReplyButton[] = []): ButtonRow[] {
  const usable = buttons.filter((b) => b.id.length > 0 && b.id.length <= LIMITS.customId).slice(0, LIMITS.rows * LIMITS.buttonsPerRow);
  const rows: ButtonRow[] = [];
  for (let i = 0; i < usable.length; i += LIMITS.buttonsPerRow) {
    rows.push({
      type: ComponentType.ActionRow,
      components: usable.slice(i, i + LIMITS.buttonsPerRow).map((b) => ({
        type: ComponentType.Button,
        custom_id: b.id,
        label: clip(b.label, LIMITS.buttonLabel),
        style: STYLES[b.style ?? 'secondary'],
      })),
    });
  }
  return rows;
}
