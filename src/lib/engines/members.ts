/**
 * The member rule of populations, written once for every backend and the sweep runner: member i of
 * a population trains exactly like a single run of memberConfig(config, member) on the data set
 * makeDataset(config, memberDataSeed(member)). Only the fields in MEMBER_FIELDS differ between the
 * members of one population; every other field is the population's.
 */
import type { Config } from '../core/config';
import { makeDataset, type Dataset } from '../core/data';
import { nanMetrics, type EpochMetrics } from '../core/metrics';
import type { PopulationMember } from './types';

/** Config fields a member may set for itself. */
export const MEMBER_FIELDS = ['seed', 'lr', 'mlp_lr_discount', 'init_scale'] as const;

/** The config member `m` trains with: the shared config with the member's seed and overrides. */
export function memberConfig(config: Config, m: PopulationMember): Config {
	return {
		...config,
		seed: m.seed,
		lr: m.lr ?? config.lr,
		mlp_lr_discount: m.mlp_lr_discount ?? config.mlp_lr_discount,
		init_scale: m.init_scale ?? config.init_scale
	};
}

/** The seed of the member's data set (its own seed unless it names another). */
export function memberDataSeed(m: PopulationMember): number {
	return m.data_seed ?? m.seed;
}

/** The member's data set: drawn from the shared config (its n, p, L, k) with the member's data seed. */
export function memberData(config: Config, m: PopulationMember): Dataset {
	return makeDataset(config, memberDataSeed(m));
}

/** The member that trains like a single run of `config` (the inverse of memberConfig; data seed = seed). */
export function memberOf(config: Config): PopulationMember {
	return { seed: config.seed, lr: config.lr, mlp_lr_discount: config.mlp_lr_discount, init_scale: config.init_scale };
}

/**
 * The epochs a population reports for a call of n steps from step `from` (spe steps per epoch): the
 * epochs completed in it that are multiples of evalEvery, and `last` (the run's final epoch).
 */
export function reportedEpochs(from: number, n: number, spe: number, evalEvery = 1, last = 0): number[] {
	const out: number[] = [];
	for (let e = Math.floor(from / spe) + 1; e <= Math.floor((from + n) / spe); e++) if (e % evalEvery === 0 || e === last) out.push(e);
	return out;
}

/** epochs[k][i]: member i's metrics at epoch wanted[k] from its own list, NaN where it has none (diverged before). */
export function byEpoch(wanted: number[], perMember: EpochMetrics[][]): EpochMetrics[][] {
	const maps = perMember.map((list) => new Map(list.map((m) => [m.epoch, m])));
	return wanted.map((e) => maps.map((m) => m.get(e) ?? nanMetrics(e)));
}
