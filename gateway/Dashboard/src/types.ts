// The REST API's answers: the proto3 JSON mapping of protos/recsys/v1 (camelCase, enums by name,
// int64 as strings, default values included).

export interface CategoryInterest {
  categoryPath: string;
  depth: number;
  probability: number;
  lower: number;
  upper: number;
  evidenceCount: string;
  decayedWeight: number;
}

export interface Evidence {
  eventId: string;
  itemId: string;
  title: string;
  action: string;
  timestamp: string;
  share: number;
}

export interface Interest {
  categoryPath: string;
  probability: number;
  lower: number;
  upper: number;
  evidence: Evidence[];
}

export interface CategoryProbability {
  categoryPath: string;
  probability: number;
}

export interface RecentItem {
  itemId: string;
  title: string;
  categoryPath: string;
  action: string;
  timestamp: string;
}

export interface InterestProfile {
  userId: string;
  coldStart: boolean;
  eventCount: string;
  pendingEventCount: string;
  longTerm: { nodes: CategoryInterest[]; halfLifeDays: number };
  shortTerm: { nodes: CategoryInterest[]; halfLifeDays: number };
  drift: { score: number; threshold: number; shifted: boolean; rising: CategoryProbability[]; falling: CategoryProbability[] };
  topInterests: Interest[];
  recentItems: RecentItem[];
}

export interface PeriodInterest {
  categoryPath: string;
  mass: number;
  decayedMass: number;
  share: number;
  eventCount: number;
}

export interface InterestPeriod {
  start: string;
  end: string;
  eventCount: number;
  categories: PeriodInterest[];
}

export interface InterestHistory {
  userId: string;
  granularity: "HISTORY_GRANULARITY_DAY" | "HISTORY_GRANULARITY_WEEK" | "HISTORY_GRANULARITY_UNSPECIFIED";
  depth: number;
  halfLifeDays: number;
  periods: InterestPeriod[];
}

export interface Reason {
  kind: string;
  text: string;
  itemIds: string[];
  categoryPath: string;
  probability: number;
}

export interface FeatureContribution {
  feature: string;
  value: number;
  weight: number;
  contribution: number;
}

export interface Recommendation {
  item: { id: string; title: string; categoryPath: string };
  score: number;
  probability: number;
  reason: Reason;
  contributions: FeatureContribution[];
  interestCategory: string;
}

export interface RecommendResponse {
  items: Recommendation[];
  degraded: boolean;
  degradations: { component: string; reason: string }[];
  coldStart: boolean;
}

export interface RecentUser {
  userId: string;
  eventCount: string;
  lastEventAt: string;
}

export interface CategoryNode {
  name: string;
  path: string;
  itemCount: string;
  children: CategoryNode[];
}

export interface ClusterStatus {
  gateway: string;
  backends: { name: string; breaker: string; replicas: { address: string; status: string; detail?: string }[] }[];
}

export interface ClusterMetrics {
  scrapedAt: string;
  services: { name: string; replicas: { address: string; metricsAddress: string; text?: string; error?: string }[] }[];
}
