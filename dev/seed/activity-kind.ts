import type { ForgeEventPayload } from '../payloads';
import type { Random } from '../site/random';
import type { SiteUser } from '../site/site-model';
import type { ActorPool } from './actors';
import type { World } from './world';

/** One kind of thing people do (view an issue, edit a page…), and how often relative to the others. */
export interface ActivityKind {
  /** `<product>:<object>.<verb>`, for tests and tuning; not part of any payload. */
  readonly name: string;
  /** Relative frequency across all kinds. */
  readonly weight: number;
  /** Views are the firehose: stored only when an admin turns them on. */
  readonly view: boolean;
  readonly actors: ActorPool;
  /**
   * The payloads one occurrence produces, in order: usually one, sometimes a pair the product sends
   * together (an assignment is also an update; a new user appears in Jira and Confluence).
   */
  readonly emit: (context: ActivityContext) => readonly ForgeEventPayload[];
}

export interface ActivityContext {
  readonly world: World;
  readonly random: Random;
  readonly at: Date;
  readonly actor: SiteUser;
}

export function kind(
  name: string,
  weight: number,
  actors: ActorPool,
  emit: ActivityKind['emit'],
  options: { readonly view?: boolean } = {},
): ActivityKind {
  return { name, weight, actors, emit, view: options.view ?? false };
}
