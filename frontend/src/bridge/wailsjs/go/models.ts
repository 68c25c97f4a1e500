export namespace account {
	
	export class Cooldown {
	    key: string;
	    until: string;
	    reason: string;
	    failure: string;
	
	    static createFrom(source: any = {}) {
	        return new Cooldown(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.key = source["key"];
	        this.until = source["until"];
	        this.reason = source["reason"];
	        this.failure = source["failure"];
	    }
	}
	export class Account {
	    id: string;
	    backend: string;
	    name: string;
	    hasApiKey: boolean;
	    apiKeyEnv: string;
	    configDir: string;
	    env: {[key: string]: string};
	    isDefault: boolean;
	    billing: string;
	    cooldown?: Cooldown;
	    createdAt: string;
	    updatedAt: string;
	
	    static createFrom(source: any = {}) {
	        return new Account(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.backend = source["backend"];
	        this.name = source["name"];
	        this.hasApiKey = source["hasApiKey"];
	        this.apiKeyEnv = source["apiKeyEnv"];
	        this.configDir = source["configDir"];
	        this.env = source["env"];
	        this.isDefault = source["isDefault"];
	        this.billing = source["billing"];
	        this.cooldown = this.convertValues(source["cooldown"], Cooldown);
	        this.createdAt = source["createdAt"];
	        this.updatedAt = source["updatedAt"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	export class Input {
	    backend: string;
	    name: string;
	    apiKey?: string;
	    apiKeyEnv: string;
	    configDir: string;
	    env: {[key: string]: string};
	    isDefault: boolean;
	
	    static createFrom(source: any = {}) {
	        return new Input(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.backend = source["backend"];
	        this.name = source["name"];
	        this.apiKey = source["apiKey"];
	        this.apiKeyEnv = source["apiKeyEnv"];
	        this.configDir = source["configDir"];
	        this.env = source["env"];
	        this.isDefault = source["isDefault"];
	    }
	}

}

export namespace agent {
	
	export class Entry {
	    seq: number;
	    kind: string;
	    text: string;
	    tool: string;
	    input: string;
	    isError: boolean;
	
	    static createFrom(source: any = {}) {
	        return new Entry(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.seq = source["seq"];
	        this.kind = source["kind"];
	        this.text = source["text"];
	        this.tool = source["tool"];
	        this.input = source["input"];
	        this.isError = source["isError"];
	    }
	}
	export class Usage {
	    inputTokens: number;
	    outputTokens: number;
	    cachedTokens: number;
	    costUsd: number;
	    costEstimated: boolean;
	    turns: number;
	    sessionId: string;
	    model: string;
	    resultText: string;
	
	    static createFrom(source: any = {}) {
	        return new Usage(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.inputTokens = source["inputTokens"];
	        this.outputTokens = source["outputTokens"];
	        this.cachedTokens = source["cachedTokens"];
	        this.costUsd = source["costUsd"];
	        this.costEstimated = source["costEstimated"];
	        this.turns = source["turns"];
	        this.sessionId = source["sessionId"];
	        this.model = source["model"];
	        this.resultText = source["resultText"];
	    }
	}

}

export namespace apikey {
	
	export class Created {
	    id: string;
	    name: string;
	    scope: string;
	    key: string;
	
	    static createFrom(source: any = {}) {
	        return new Created(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.name = source["name"];
	        this.scope = source["scope"];
	        this.key = source["key"];
	    }
	}
	export class Input {
	    name: string;
	    scope: string;
	
	    static createFrom(source: any = {}) {
	        return new Input(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.name = source["name"];
	        this.scope = source["scope"];
	    }
	}
	export class Key {
	    id: string;
	    name: string;
	    scope: string;
	    createdAt: string;
	    lastUsedAt: string;
	
	    static createFrom(source: any = {}) {
	        return new Key(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.name = source["name"];
	        this.scope = source["scope"];
	        this.createdAt = source["createdAt"];
	        this.lastUsedAt = source["lastUsedAt"];
	    }
	}

}

export namespace audit {
	
	export class Change {
	    before: any;
	    after: any;
	
	    static createFrom(source: any = {}) {
	        return new Change(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.before = source["before"];
	        this.after = source["after"];
	    }
	}
	export class Entry {
	    id: number;
	    at: string;
	    actor: string;
	    requestId: string;
	    action: string;
	    target: string;
	    diff: {[key: string]: Change};
	
	    static createFrom(source: any = {}) {
	        return new Entry(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.at = source["at"];
	        this.actor = source["actor"];
	        this.requestId = source["requestId"];
	        this.action = source["action"];
	        this.target = source["target"];
	        this.diff = this.convertValues(source["diff"], Change, true);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class Filter {
	    actor: string;
	    action: string;
	    limit: number;
	    offset: number;
	
	    static createFrom(source: any = {}) {
	        return new Filter(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.actor = source["actor"];
	        this.action = source["action"];
	        this.limit = source["limit"];
	        this.offset = source["offset"];
	    }
	}
	export class Page {
	    entries: Entry[];
	    total: number;
	
	    static createFrom(source: any = {}) {
	        return new Page(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.entries = this.convertValues(source["entries"], Entry);
	        this.total = source["total"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}

}

export namespace budget {
	
	export class Budget {
	    id: string;
	    name: string;
	    scope: string;
	    scopeId: string;
	    period: string;
	    softUsd: number;
	    hardUsd: number;
	    createdAt: string;
	    updatedAt: string;
	
	    static createFrom(source: any = {}) {
	        return new Budget(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.name = source["name"];
	        this.scope = source["scope"];
	        this.scopeId = source["scopeId"];
	        this.period = source["period"];
	        this.softUsd = source["softUsd"];
	        this.hardUsd = source["hardUsd"];
	        this.createdAt = source["createdAt"];
	        this.updatedAt = source["updatedAt"];
	    }
	}
	export class Status {
	    id: string;
	    name: string;
	    scope: string;
	    scopeId: string;
	    period: string;
	    softUsd: number;
	    hardUsd: number;
	    createdAt: string;
	    updatedAt: string;
	    label: string;
	    periodStart: string;
	    spentUsd: number;
	    softReached: boolean;
	    hardReached: boolean;
	
	    static createFrom(source: any = {}) {
	        return new Status(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.name = source["name"];
	        this.scope = source["scope"];
	        this.scopeId = source["scopeId"];
	        this.period = source["period"];
	        this.softUsd = source["softUsd"];
	        this.hardUsd = source["hardUsd"];
	        this.createdAt = source["createdAt"];
	        this.updatedAt = source["updatedAt"];
	        this.label = source["label"];
	        this.periodStart = source["periodStart"];
	        this.spentUsd = source["spentUsd"];
	        this.softReached = source["softReached"];
	        this.hardReached = source["hardReached"];
	    }
	}

}

export namespace clidetect {
	
	export class Info {
	    name: string;
	    displayName: string;
	    found: boolean;
	    path: string;
	    version: string;
	    source: string;
	    customPath: string;
	    error: string;
	    checkedAt: string;
	
	    static createFrom(source: any = {}) {
	        return new Info(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.name = source["name"];
	        this.displayName = source["displayName"];
	        this.found = source["found"];
	        this.path = source["path"];
	        this.version = source["version"];
	        this.source = source["source"];
	        this.customPath = source["customPath"];
	        this.error = source["error"];
	        this.checkedAt = source["checkedAt"];
	    }
	}

}

export namespace config {
	
	export class AppInfo {
	    version: string;
	    commit: string;
	    buildDate: string;
	    dataDir: string;
	    dataDirSource: string;
	    dbPath: string;
	    logDir: string;
	    logFile: string;
	    mode: string;
	
	    static createFrom(source: any = {}) {
	        return new AppInfo(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.version = source["version"];
	        this.commit = source["commit"];
	        this.buildDate = source["buildDate"];
	        this.dataDir = source["dataDir"];
	        this.dataDirSource = source["dataDirSource"];
	        this.dbPath = source["dbPath"];
	        this.logDir = source["logDir"];
	        this.logFile = source["logFile"];
	        this.mode = source["mode"];
	    }
	}

}

export namespace execution {
	
	export class Attempt {
	    attempt: number;
	    entry: number;
	    backend: string;
	    accountId: string;
	    accountName: string;
	    model: string;
	    billing: string;
	    status: string;
	    failureKind: string;
	    reason: string;
	    resetAt: string;
	    sessionId: string;
	    changedFiles: boolean;
	    resumed: boolean;
	    startedAt: string;
	    finishedAt: string;
	    usage: agent.Usage;
	
	    static createFrom(source: any = {}) {
	        return new Attempt(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.attempt = source["attempt"];
	        this.entry = source["entry"];
	        this.backend = source["backend"];
	        this.accountId = source["accountId"];
	        this.accountName = source["accountName"];
	        this.model = source["model"];
	        this.billing = source["billing"];
	        this.status = source["status"];
	        this.failureKind = source["failureKind"];
	        this.reason = source["reason"];
	        this.resetAt = source["resetAt"];
	        this.sessionId = source["sessionId"];
	        this.changedFiles = source["changedFiles"];
	        this.resumed = source["resumed"];
	        this.startedAt = source["startedAt"];
	        this.finishedAt = source["finishedAt"];
	        this.usage = this.convertValues(source["usage"], agent.Usage);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class Execution {
	    id: string;
	    triggerId: string;
	    triggerName: string;
	    kind: string;
	    backendType: string;
	    status: string;
	    prompt: string;
	    message: string;
	    promptBytes: number;
	    promptTruncated: boolean;
	    messageBytes: number;
	    messageTruncated: boolean;
	    argv: string[];
	    workingDir: string;
	    exitCode?: number;
	    queuedAt: string;
	    startedAt: string;
	    finishedAt: string;
	    durationMs: number;
	    errorMessage: string;
	    failureKind: string;
	    failureEvidence: string;
	    resetAt: string;
	    usage: agent.Usage;
	    lineCount: number;
	    storedBytes: number;
	    truncated: boolean;
	    warnings: string[];
	    rerunOf: string;
	    planProjectId: string;
	    planId: string;
	    stopReason: string;
	    stalledAt: string;
	    accountId: string;
	    accountName: string;
	    billing: string;
	    waitUntil: string;
	    waitReason: string;
	    attempts?: Attempt[];
	    isolation: string;
	    repoDir: string;
	    worktreePath: string;
	    branch: string;
	    baseCommit: string;
	    // Go type: gitstate
	    gitBefore?: any;
	    // Go type: gitstate
	    gitAfter?: any;
	    diffStat?: worktree.DiffStat;
	    worktreeRemovedAt: string;
	    savedCommit: string;
	    savedPatch: string;
	    savedNote: string;
	
	    static createFrom(source: any = {}) {
	        return new Execution(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.triggerId = source["triggerId"];
	        this.triggerName = source["triggerName"];
	        this.kind = source["kind"];
	        this.backendType = source["backendType"];
	        this.status = source["status"];
	        this.prompt = source["prompt"];
	        this.message = source["message"];
	        this.promptBytes = source["promptBytes"];
	        this.promptTruncated = source["promptTruncated"];
	        this.messageBytes = source["messageBytes"];
	        this.messageTruncated = source["messageTruncated"];
	        this.argv = source["argv"];
	        this.workingDir = source["workingDir"];
	        this.exitCode = source["exitCode"];
	        this.queuedAt = source["queuedAt"];
	        this.startedAt = source["startedAt"];
	        this.finishedAt = source["finishedAt"];
	        this.durationMs = source["durationMs"];
	        this.errorMessage = source["errorMessage"];
	        this.failureKind = source["failureKind"];
	        this.failureEvidence = source["failureEvidence"];
	        this.resetAt = source["resetAt"];
	        this.usage = this.convertValues(source["usage"], agent.Usage);
	        this.lineCount = source["lineCount"];
	        this.storedBytes = source["storedBytes"];
	        this.truncated = source["truncated"];
	        this.warnings = source["warnings"];
	        this.rerunOf = source["rerunOf"];
	        this.planProjectId = source["planProjectId"];
	        this.planId = source["planId"];
	        this.stopReason = source["stopReason"];
	        this.stalledAt = source["stalledAt"];
	        this.accountId = source["accountId"];
	        this.accountName = source["accountName"];
	        this.billing = source["billing"];
	        this.waitUntil = source["waitUntil"];
	        this.waitReason = source["waitReason"];
	        this.attempts = this.convertValues(source["attempts"], Attempt);
	        this.isolation = source["isolation"];
	        this.repoDir = source["repoDir"];
	        this.worktreePath = source["worktreePath"];
	        this.branch = source["branch"];
	        this.baseCommit = source["baseCommit"];
	        this.gitBefore = this.convertValues(source["gitBefore"], null);
	        this.gitAfter = this.convertValues(source["gitAfter"], null);
	        this.diffStat = this.convertValues(source["diffStat"], worktree.DiffStat);
	        this.worktreeRemovedAt = source["worktreeRemovedAt"];
	        this.savedCommit = source["savedCommit"];
	        this.savedPatch = source["savedPatch"];
	        this.savedNote = source["savedNote"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class Dashboard {
	    running: Execution[];
	    queued: Execution[];
	    recentFailures: Execution[];
	    todayTotal: number;
	    todaySuccess: number;
	    todayFailed: number;
	    todayCostUsd: number;
	
	    static createFrom(source: any = {}) {
	        return new Dashboard(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.running = this.convertValues(source["running"], Execution);
	        this.queued = this.convertValues(source["queued"], Execution);
	        this.recentFailures = this.convertValues(source["recentFailures"], Execution);
	        this.todayTotal = source["todayTotal"];
	        this.todaySuccess = source["todaySuccess"];
	        this.todayFailed = source["todayFailed"];
	        this.todayCostUsd = source["todayCostUsd"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class Diff {
	    executionId: string;
	    branch: string;
	    baseCommit: string;
	    stat: worktree.DiffStat;
	    text: string;
	    truncated: boolean;
	
	    static createFrom(source: any = {}) {
	        return new Diff(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.executionId = source["executionId"];
	        this.branch = source["branch"];
	        this.baseCommit = source["baseCommit"];
	        this.stat = this.convertValues(source["stat"], worktree.DiffStat);
	        this.text = source["text"];
	        this.truncated = source["truncated"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	export class Line {
	    seq: number;
	    stream: string;
	    ts: string;
	    text: string;
	
	    static createFrom(source: any = {}) {
	        return new Line(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.seq = source["seq"];
	        this.stream = source["stream"];
	        this.ts = source["ts"];
	        this.text = source["text"];
	    }
	}
	export class LinesPage {
	    lines: Line[];
	    next: number;
	    total: number;
	
	    static createFrom(source: any = {}) {
	        return new LinesPage(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.lines = this.convertValues(source["lines"], Line);
	        this.next = source["next"];
	        this.total = source["total"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class ListFilter {
	    triggerId: string;
	    projectId: string;
	    status: string;
	    backend: string;
	    from: string;
	    to: string;
	    query: string;
	    limit: number;
	    offset: number;
	
	    static createFrom(source: any = {}) {
	        return new ListFilter(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.triggerId = source["triggerId"];
	        this.projectId = source["projectId"];
	        this.status = source["status"];
	        this.backend = source["backend"];
	        this.from = source["from"];
	        this.to = source["to"];
	        this.query = source["query"];
	        this.limit = source["limit"];
	        this.offset = source["offset"];
	    }
	}
	export class Page {
	    executions: Execution[];
	    total: number;
	
	    static createFrom(source: any = {}) {
	        return new Page(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.executions = this.convertValues(source["executions"], Execution);
	        this.total = source["total"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class SearchHit {
	    seq: number;
	    text: string;
	
	    static createFrom(source: any = {}) {
	        return new SearchHit(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.seq = source["seq"];
	        this.text = source["text"];
	    }
	}
	export class SearchResult {
	    hits: SearchHit[];
	    total: number;
	
	    static createFrom(source: any = {}) {
	        return new SearchResult(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.hits = this.convertValues(source["hits"], SearchHit);
	        this.total = source["total"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}

}

export namespace httpserver {
	
	export class Status {
	    enabled: boolean;
	    running: boolean;
	    address: string;
	    baseUrl: string;
	    genericWebhookUrl: string;
	    githubWebhookUrl: string;
	    error: string;
	    listenOverride: string;
	    apiKeyConfigured: boolean;
	    apiKeySource: string;
	    apiKeyEnvVar: string;
	    githubSecretConfigured: boolean;
	    githubSecretSource: string;
	    githubSecretEnvVar: string;
	    secretsError: string;
	    corsOrigins: string[];
	    trustedProxies: string[];
	    proxyIpHeader: string;
	    proxyIpHeaderOverride: string;
	
	    static createFrom(source: any = {}) {
	        return new Status(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.enabled = source["enabled"];
	        this.running = source["running"];
	        this.address = source["address"];
	        this.baseUrl = source["baseUrl"];
	        this.genericWebhookUrl = source["genericWebhookUrl"];
	        this.githubWebhookUrl = source["githubWebhookUrl"];
	        this.error = source["error"];
	        this.listenOverride = source["listenOverride"];
	        this.apiKeyConfigured = source["apiKeyConfigured"];
	        this.apiKeySource = source["apiKeySource"];
	        this.apiKeyEnvVar = source["apiKeyEnvVar"];
	        this.githubSecretConfigured = source["githubSecretConfigured"];
	        this.githubSecretSource = source["githubSecretSource"];
	        this.githubSecretEnvVar = source["githubSecretEnvVar"];
	        this.secretsError = source["secretsError"];
	        this.corsOrigins = source["corsOrigins"];
	        this.trustedProxies = source["trustedProxies"];
	        this.proxyIpHeader = source["proxyIpHeader"];
	        this.proxyIpHeaderOverride = source["proxyIpHeaderOverride"];
	    }
	}

}

export namespace notify {
	
	export class Entry {
	    id: string;
	    kind: string;
	    level: string;
	    title: string;
	    message: string;
	    executionId: string;
	    createdAt: string;
	    read: boolean;
	
	    static createFrom(source: any = {}) {
	        return new Entry(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.kind = source["kind"];
	        this.level = source["level"];
	        this.title = source["title"];
	        this.message = source["message"];
	        this.executionId = source["executionId"];
	        this.createdAt = source["createdAt"];
	        this.read = source["read"];
	    }
	}
	export class Page {
	    notifications: Entry[];
	    unread: number;
	
	    static createFrom(source: any = {}) {
	        return new Page(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.notifications = this.convertValues(source["notifications"], Entry);
	        this.unread = source["unread"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class Query {
	    unreadOnly: boolean;
	    limit: number;
	
	    static createFrom(source: any = {}) {
	        return new Query(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.unreadOnly = source["unreadOnly"];
	        this.limit = source["limit"];
	    }
	}

}

export namespace onboarding {
	
	export class CLIGuide {
	    name: string;
	    displayName: string;
	    install: string;
	    login: string;
	    loginNote: string;
	    keyProvider: string;
	    keyEnvVar: string;
	    docsUrl: string;
	
	    static createFrom(source: any = {}) {
	        return new CLIGuide(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.name = source["name"];
	        this.displayName = source["displayName"];
	        this.install = source["install"];
	        this.login = source["login"];
	        this.loginNote = source["loginNote"];
	        this.keyProvider = source["keyProvider"];
	        this.keyEnvVar = source["keyEnvVar"];
	        this.docsUrl = source["docsUrl"];
	    }
	}
	export class CreateInput {
	    templateId: string;
	    backend: string;
	    directory: string;
	
	    static createFrom(source: any = {}) {
	        return new CreateInput(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.templateId = source["templateId"];
	        this.backend = source["backend"];
	        this.directory = source["directory"];
	    }
	}
	export class State {
	    done: boolean;
	    skipped: boolean;
	    firstLaunch: boolean;
	    userTriggers: number;
	    defaultBackend: string;
	
	    static createFrom(source: any = {}) {
	        return new State(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.done = source["done"];
	        this.skipped = source["skipped"];
	        this.firstLaunch = source["firstLaunch"];
	        this.userTriggers = source["userTriggers"];
	        this.defaultBackend = source["defaultBackend"];
	    }
	}
	export class Template {
	    id: string;
	    name: string;
	    description: string;
	    prompt: string;
	    needsDirectory: boolean;
	    permissionProfile: string;
	
	    static createFrom(source: any = {}) {
	        return new Template(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.name = source["name"];
	        this.description = source["description"];
	        this.prompt = source["prompt"];
	        this.needsDirectory = source["needsDirectory"];
	        this.permissionProfile = source["permissionProfile"];
	    }
	}

}

export namespace planning {
	
	export class FileError {
	    file: string;
	    message: string;
	
	    static createFrom(source: any = {}) {
	        return new FileError(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.file = source["file"];
	        this.message = source["message"];
	    }
	}
	export class Plan {
	    id: string;
	    phase: string;
	    plan: number;
	    title: string;
	    objective: string;
	    status: string;
	    wave: number;
	    dependsOn: string[];
	    filesModified: string[];
	    hasSummary: boolean;
	
	    static createFrom(source: any = {}) {
	        return new Plan(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.phase = source["phase"];
	        this.plan = source["plan"];
	        this.title = source["title"];
	        this.objective = source["objective"];
	        this.status = source["status"];
	        this.wave = source["wave"];
	        this.dependsOn = source["dependsOn"];
	        this.filesModified = source["filesModified"];
	        this.hasSummary = source["hasSummary"];
	    }
	}
	export class Document {
	    name: string;
	    kind: string;
	    path: string;
	
	    static createFrom(source: any = {}) {
	        return new Document(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.name = source["name"];
	        this.kind = source["kind"];
	        this.path = source["path"];
	    }
	}
	export class Phase {
	    number: string;
	    name: string;
	    goal: string;
	    status: string;
	    documents: Document[];
	    plans: Plan[];
	    dependencies: string;
	    successCriteria: string[];
	    verificationLevel: string;
	
	    static createFrom(source: any = {}) {
	        return new Phase(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.number = source["number"];
	        this.name = source["name"];
	        this.goal = source["goal"];
	        this.status = source["status"];
	        this.documents = this.convertValues(source["documents"], Document);
	        this.plans = this.convertValues(source["plans"], Plan);
	        this.dependencies = source["dependencies"];
	        this.successCriteria = source["successCriteria"];
	        this.verificationLevel = source["verificationLevel"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class Milestone {
	    version: string;
	    title: string;
	    phases: Phase[];
	
	    static createFrom(source: any = {}) {
	        return new Milestone(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.version = source["version"];
	        this.title = source["title"];
	        this.phases = this.convertValues(source["phases"], Phase);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class Board {
	    milestones: Milestone[];
	    errors: FileError[];
	
	    static createFrom(source: any = {}) {
	        return new Board(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.milestones = this.convertValues(source["milestones"], Milestone);
	        this.errors = this.convertValues(source["errors"], FileError);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class Command {
	    label: string;
	    command: string;
	    phase: boolean;
	
	    static createFrom(source: any = {}) {
	        return new Command(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.label = source["label"];
	        this.command = source["command"];
	        this.phase = source["phase"];
	    }
	}
	export class CommandSet {
	    initCommand: string;
	    commands: Command[];
	
	    static createFrom(source: any = {}) {
	        return new CommandSet(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.initCommand = source["initCommand"];
	        this.commands = this.convertValues(source["commands"], Command);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	export class DocumentText {
	    path: string;
	    content: string;
	
	    static createFrom(source: any = {}) {
	        return new DocumentText(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.path = source["path"];
	        this.content = source["content"];
	    }
	}
	export class Field {
	    key: string;
	    value: string;
	
	    static createFrom(source: any = {}) {
	        return new Field(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.key = source["key"];
	        this.value = source["value"];
	    }
	}
	
	
	
	
	export class State {
	    present: boolean;
	    position: Field[];
	    percent: number;
	    summary: string;
	
	    static createFrom(source: any = {}) {
	        return new State(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.present = source["present"];
	        this.position = this.convertValues(source["position"], Field);
	        this.percent = source["percent"];
	        this.summary = source["summary"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}

}

export namespace project {
	
	export class CloneProgress {
	    projectId: string;
	    op: string;
	    phase: string;
	    percent: number;
	    objects: number;
	    total: number;
	    done: boolean;
	    status: string;
	    error: string;
	
	    static createFrom(source: any = {}) {
	        return new CloneProgress(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.projectId = source["projectId"];
	        this.op = source["op"];
	        this.phase = source["phase"];
	        this.percent = source["percent"];
	        this.objects = source["objects"];
	        this.total = source["total"];
	        this.done = source["done"];
	        this.status = source["status"];
	        this.error = source["error"];
	    }
	}
	export class Input {
	    name: string;
	    description: string;
	    productId: string;
	    repoUrl: string;
	    localPath: string;
	    status: string;
	    cloneDepth: number;
	    token?: string;
	
	    static createFrom(source: any = {}) {
	        return new Input(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.name = source["name"];
	        this.description = source["description"];
	        this.productId = source["productId"];
	        this.repoUrl = source["repoUrl"];
	        this.localPath = source["localPath"];
	        this.status = source["status"];
	        this.cloneDepth = source["cloneDepth"];
	        this.token = source["token"];
	    }
	}
	export class Product {
	    id: string;
	    name: string;
	    description: string;
	    projectCount: number;
	    createdAt: string;
	    updatedAt: string;
	
	    static createFrom(source: any = {}) {
	        return new Product(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.name = source["name"];
	        this.description = source["description"];
	        this.projectCount = source["projectCount"];
	        this.createdAt = source["createdAt"];
	        this.updatedAt = source["updatedAt"];
	    }
	}
	export class ProductInput {
	    name: string;
	    description: string;
	
	    static createFrom(source: any = {}) {
	        return new ProductInput(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.name = source["name"];
	        this.description = source["description"];
	    }
	}
	export class Project {
	    id: string;
	    name: string;
	    description: string;
	    productId: string;
	    repoUrl: string;
	    localPath: string;
	    status: string;
	    cloneDepth: number;
	    hasToken: boolean;
	    cloneDir: string;
	    cloneStatus: string;
	    cloneError: string;
	    lastSyncedAt: string;
	    createdAt: string;
	    updatedAt: string;
	    runningCount: number;
	
	    static createFrom(source: any = {}) {
	        return new Project(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.name = source["name"];
	        this.description = source["description"];
	        this.productId = source["productId"];
	        this.repoUrl = source["repoUrl"];
	        this.localPath = source["localPath"];
	        this.status = source["status"];
	        this.cloneDepth = source["cloneDepth"];
	        this.hasToken = source["hasToken"];
	        this.cloneDir = source["cloneDir"];
	        this.cloneStatus = source["cloneStatus"];
	        this.cloneError = source["cloneError"];
	        this.lastSyncedAt = source["lastSyncedAt"];
	        this.createdAt = source["createdAt"];
	        this.updatedAt = source["updatedAt"];
	        this.runningCount = source["runningCount"];
	    }
	}
	export class SyncResult {
	    status: string;
	    branch: string;
	    from: string;
	    to: string;
	
	    static createFrom(source: any = {}) {
	        return new SyncResult(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.status = source["status"];
	        this.branch = source["branch"];
	        this.from = source["from"];
	        this.to = source["to"];
	    }
	}

}

export namespace pullrequest {
	
	export class Filter {
	    repo: string;
	    status: string;
	    triggerId: string;
	    limit: number;
	    offset: number;
	
	    static createFrom(source: any = {}) {
	        return new Filter(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.repo = source["repo"];
	        this.status = source["status"];
	        this.triggerId = source["triggerId"];
	        this.limit = source["limit"];
	        this.offset = source["offset"];
	    }
	}
	export class GitHubSettings {
	    apiUrl: string;
	    effectiveUrl: string;
	    apiUrlFromEnv: boolean;
	    tokenSet: boolean;
	    tokenFromEnv: boolean;
	    tokenEnvVar: string;
	
	    static createFrom(source: any = {}) {
	        return new GitHubSettings(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.apiUrl = source["apiUrl"];
	        this.effectiveUrl = source["effectiveUrl"];
	        this.apiUrlFromEnv = source["apiUrlFromEnv"];
	        this.tokenSet = source["tokenSet"];
	        this.tokenFromEnv = source["tokenFromEnv"];
	        this.tokenEnvVar = source["tokenEnvVar"];
	    }
	}
	export class HeadRun {
	    headSha: string;
	    executionId: string;
	    status: string;
	    source: string;
	    readOnly: boolean;
	    createdAt: string;
	
	    static createFrom(source: any = {}) {
	        return new HeadRun(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.headSha = source["headSha"];
	        this.executionId = source["executionId"];
	        this.status = source["status"];
	        this.source = source["source"];
	        this.readOnly = source["readOnly"];
	        this.createdAt = source["createdAt"];
	    }
	}
	export class PullRequest {
	    id: string;
	    triggerId: string;
	    triggerName: string;
	    repo: string;
	    number: number;
	    title: string;
	    author: string;
	    authorAssociation: string;
	    htmlUrl: string;
	    headSha: string;
	    headRef: string;
	    baseRef: string;
	    fork: boolean;
	    status: string;
	    executionIds: string[];
	    commentUrl: string;
	    lastError: string;
	    decidedBy: string;
	    decisionReason: string;
	    decidedAt: string;
	    createdAt: string;
	    updatedAt: string;
	    history: HeadRun[];
	
	    static createFrom(source: any = {}) {
	        return new PullRequest(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.triggerId = source["triggerId"];
	        this.triggerName = source["triggerName"];
	        this.repo = source["repo"];
	        this.number = source["number"];
	        this.title = source["title"];
	        this.author = source["author"];
	        this.authorAssociation = source["authorAssociation"];
	        this.htmlUrl = source["htmlUrl"];
	        this.headSha = source["headSha"];
	        this.headRef = source["headRef"];
	        this.baseRef = source["baseRef"];
	        this.fork = source["fork"];
	        this.status = source["status"];
	        this.executionIds = source["executionIds"];
	        this.commentUrl = source["commentUrl"];
	        this.lastError = source["lastError"];
	        this.decidedBy = source["decidedBy"];
	        this.decisionReason = source["decisionReason"];
	        this.decidedAt = source["decidedAt"];
	        this.createdAt = source["createdAt"];
	        this.updatedAt = source["updatedAt"];
	        this.history = this.convertValues(source["history"], HeadRun);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class List {
	    pullRequests: PullRequest[];
	    total: number;
	
	    static createFrom(source: any = {}) {
	        return new List(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.pullRequests = this.convertValues(source["pullRequests"], PullRequest);
	        this.total = source["total"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class PollState {
	    triggerId: string;
	    repo: string;
	    polledAt: string;
	    lastError: string;
	
	    static createFrom(source: any = {}) {
	        return new PollState(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.triggerId = source["triggerId"];
	        this.repo = source["repo"];
	        this.polledAt = source["polledAt"];
	        this.lastError = source["lastError"];
	    }
	}

}

export namespace schedule {
	
	export class Preview {
	    sentence: string;
	    nextFireTimes: string[];
	    timezone: string;
	    errors: {[key: string]: string};
	
	    static createFrom(source: any = {}) {
	        return new Preview(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.sentence = source["sentence"];
	        this.nextFireTimes = source["nextFireTimes"];
	        this.timezone = source["timezone"];
	        this.errors = source["errors"];
	    }
	}
	export class Spec {
	    scheduleType: string;
	    scheduleTime: string;
	    scheduleDay: number;
	    scheduleTimezone: string;
	    scheduleCron: string;
	    scheduleAt: string;
	
	    static createFrom(source: any = {}) {
	        return new Spec(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.scheduleType = source["scheduleType"];
	        this.scheduleTime = source["scheduleTime"];
	        this.scheduleDay = source["scheduleDay"];
	        this.scheduleTimezone = source["scheduleTimezone"];
	        this.scheduleCron = source["scheduleCron"];
	        this.scheduleAt = source["scheduleAt"];
	    }
	}
	export class State {
	    triggerId: string;
	    sentence: string;
	    nextFireTimes: string[];
	    lastPlannedAt: string;
	    lastOutcome: string;
	    lastDetail: string;
	    note: string;
	
	    static createFrom(source: any = {}) {
	        return new State(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.triggerId = source["triggerId"];
	        this.sentence = source["sentence"];
	        this.nextFireTimes = source["nextFireTimes"];
	        this.lastPlannedAt = source["lastPlannedAt"];
	        this.lastOutcome = source["lastOutcome"];
	        this.lastDetail = source["lastDetail"];
	        this.note = source["note"];
	    }
	}
	export class Upcoming {
	    triggerId: string;
	    triggerName: string;
	    fireAt: string;
	    sentence: string;
	
	    static createFrom(source: any = {}) {
	        return new Upcoming(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.triggerId = source["triggerId"];
	        this.triggerName = source["triggerName"];
	        this.fireAt = source["fireAt"];
	        this.sentence = source["sentence"];
	    }
	}

}

export namespace secret {
	
	export class ProviderKey {
	    provider: string;
	    label: string;
	    envVar: string;
	    custom: boolean;
	    stored: boolean;
	    fromEnv: boolean;
	
	    static createFrom(source: any = {}) {
	        return new ProviderKey(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.provider = source["provider"];
	        this.label = source["label"];
	        this.envVar = source["envVar"];
	        this.custom = source["custom"];
	        this.stored = source["stored"];
	        this.fromEnv = source["fromEnv"];
	    }
	}
	export class Status {
	    available: boolean;
	    reason: string;
	    envVars: string[];
	
	    static createFrom(source: any = {}) {
	        return new Status(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.available = source["available"];
	        this.reason = source["reason"];
	        this.envVars = source["envVars"];
	    }
	}

}

export namespace settings {
	
	export class Listener {
	    enabled: boolean;
	    bindAddress: string;
	    port: number;
	    corsOrigins: string[];
	    trustedProxies: string[];
	    proxyIpHeader: string;
	    apiRatePerMinute: number;
	    githubSignedPerMinute: number;
	    webhookRatePer10s: number;
	
	    static createFrom(source: any = {}) {
	        return new Listener(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.enabled = source["enabled"];
	        this.bindAddress = source["bindAddress"];
	        this.port = source["port"];
	        this.corsOrigins = source["corsOrigins"];
	        this.trustedProxies = source["trustedProxies"];
	        this.proxyIpHeader = source["proxyIpHeader"];
	        this.apiRatePerMinute = source["apiRatePerMinute"];
	        this.githubSignedPerMinute = source["githubSignedPerMinute"];
	        this.webhookRatePer10s = source["webhookRatePer10s"];
	    }
	}
	export class SentryStatus {
	    configured: boolean;
	    fromEnv: boolean;
	    envVar: string;
	    active: boolean;
	    error: string;
	
	    static createFrom(source: any = {}) {
	        return new SentryStatus(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.configured = source["configured"];
	        this.fromEnv = source["fromEnv"];
	        this.envVar = source["envVar"];
	        this.active = source["active"];
	        this.error = source["error"];
	    }
	}
	export class Settings {
	    maxConcurrentRuns: number;
	    retentionDays: number;
	    theme: string;
	    outputCapMiB: number;
	    webhookMessageCapKiB: number;
	    autoPauseAfterFailures: number;
	    keepRunningInBackground: boolean;
	    startAtLogin: boolean;
	    routerMaxAttempts: number;
	    defaultCooldownSeconds: number;
	    updateCheck: boolean;
	    updateFeedUrl: string;
	
	    static createFrom(source: any = {}) {
	        return new Settings(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.maxConcurrentRuns = source["maxConcurrentRuns"];
	        this.retentionDays = source["retentionDays"];
	        this.theme = source["theme"];
	        this.outputCapMiB = source["outputCapMiB"];
	        this.webhookMessageCapKiB = source["webhookMessageCapKiB"];
	        this.autoPauseAfterFailures = source["autoPauseAfterFailures"];
	        this.keepRunningInBackground = source["keepRunningInBackground"];
	        this.startAtLogin = source["startAtLogin"];
	        this.routerMaxAttempts = source["routerMaxAttempts"];
	        this.defaultCooldownSeconds = source["defaultCooldownSeconds"];
	        this.updateCheck = source["updateCheck"];
	        this.updateFeedUrl = source["updateFeedUrl"];
	    }
	}

}

export namespace terminal {
	
	export class Session {
	    id: string;
	    projectId: string;
	    dir: string;
	    kind: string;
	    args: string[];
	    title: string;
	    rows: number;
	    cols: number;
	    pid: number;
	    status: string;
	    exitCode: number;
	    exitText: string;
	    startedAt: string;
	    endedAt: string;
	
	    static createFrom(source: any = {}) {
	        return new Session(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.projectId = source["projectId"];
	        this.dir = source["dir"];
	        this.kind = source["kind"];
	        this.args = source["args"];
	        this.title = source["title"];
	        this.rows = source["rows"];
	        this.cols = source["cols"];
	        this.pid = source["pid"];
	        this.status = source["status"];
	        this.exitCode = source["exitCode"];
	        this.exitText = source["exitText"];
	        this.startedAt = source["startedAt"];
	        this.endedAt = source["endedAt"];
	    }
	}
	export class Snapshot {
	    session: Session;
	    data: string;
	    start: number;
	    end: number;
	
	    static createFrom(source: any = {}) {
	        return new Snapshot(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.session = this.convertValues(source["session"], Session);
	        this.data = source["data"];
	        this.start = source["start"];
	        this.end = source["end"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class StartOptions {
	    projectId: string;
	    dir: string;
	    kind: string;
	    args: string[];
	    title: string;
	    rows: number;
	    cols: number;
	
	    static createFrom(source: any = {}) {
	        return new StartOptions(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.projectId = source["projectId"];
	        this.dir = source["dir"];
	        this.kind = source["kind"];
	        this.args = source["args"];
	        this.title = source["title"];
	        this.rows = source["rows"];
	        this.cols = source["cols"];
	    }
	}

}

export namespace trigger {
	
	export class ChainEntry {
	    backend: string;
	    accountId: string;
	    model: string;
	
	    static createFrom(source: any = {}) {
	        return new ChainEntry(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.backend = source["backend"];
	        this.accountId = source["accountId"];
	        this.model = source["model"];
	    }
	}
	export class LinkedPath {
	    id: number;
	    path: string;
	    projectId: string;
	    position: number;
	    missing: boolean;
	
	    static createFrom(source: any = {}) {
	        return new LinkedPath(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.path = source["path"];
	        this.projectId = source["projectId"];
	        this.position = source["position"];
	        this.missing = source["missing"];
	    }
	}
	export class Placeholder {
	    name: string;
	    description: string;
	    sources: string;
	
	    static createFrom(source: any = {}) {
	        return new Placeholder(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.name = source["name"];
	        this.description = source["description"];
	        this.sources = source["sources"];
	    }
	}
	export class Preview {
	    rendered: string;
	    unknownPlaceholders: string[];
	
	    static createFrom(source: any = {}) {
	        return new Preview(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.rendered = source["rendered"];
	        this.unknownPlaceholders = source["unknownPlaceholders"];
	    }
	}
	export class Sample {
	    message: string;
	    paths: string;
	    prUrl: string;
	    prNumber: string;
	    prTitle: string;
	    prAuthor: string;
	    repoUrl: string;
	    repoFullName: string;
	
	    static createFrom(source: any = {}) {
	        return new Sample(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.message = source["message"];
	        this.paths = source["paths"];
	        this.prUrl = source["prUrl"];
	        this.prNumber = source["prNumber"];
	        this.prTitle = source["prTitle"];
	        this.prAuthor = source["prAuthor"];
	        this.repoUrl = source["repoUrl"];
	        this.repoFullName = source["repoFullName"];
	    }
	}
	export class Summary {
	    id: string;
	    name: string;
	    description: string;
	    promptTemplate: string;
	    skillCommand: string;
	    backendType: string;
	    model: string;
	    allowedTools: string;
	    permissionProfile: string;
	    maxTurns: number;
	    triggerSource: string;
	    matchFieldPath: string;
	    matchFieldValue: string;
	    textFieldPath: string;
	    detectionKeyword: string;
	    githubRepoFilter: string;
	    githubEvents: string;
	    githubReport: string;
	    githubMode: string;
	    githubPollSeconds: number;
	    githubAllowAuthors: string[];
	    githubTrustAllAuthors: boolean;
	    scheduleType: string;
	    scheduleTime: string;
	    scheduleDay: number;
	    scheduleTimezone: string;
	    scheduleCron: string;
	    scheduleAt: string;
	    missedRunPolicy: string;
	    timeoutSeconds: number;
	    sigtermGraceSeconds: number;
	    concurrencyPolicy: string;
	    accountId: string;
	    fallbackChain: ChainEntry[];
	    stallMinutes: number;
	    stallAction: string;
	    maxCostUsd: number;
	    isolation: string;
	    enabled: boolean;
	    isPredefined: boolean;
	    hasWebhookSecret: boolean;
	    paused: boolean;
	    pausedReason: string;
	    pausedAt: string;
	    paths: LinkedPath[];
	    projectIds: string[];
	    createdAt: string;
	    updatedAt: string;
	    lastExecutionId: string;
	    lastStatus: string;
	    lastStartedAt: string;
	    lastFinishedAt: string;
	    nextRunAt: string;
	    runningCount: number;
	    queuedCount: number;
	    missingPathsWarning: string;
	
	    static createFrom(source: any = {}) {
	        return new Summary(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.name = source["name"];
	        this.description = source["description"];
	        this.promptTemplate = source["promptTemplate"];
	        this.skillCommand = source["skillCommand"];
	        this.backendType = source["backendType"];
	        this.model = source["model"];
	        this.allowedTools = source["allowedTools"];
	        this.permissionProfile = source["permissionProfile"];
	        this.maxTurns = source["maxTurns"];
	        this.triggerSource = source["triggerSource"];
	        this.matchFieldPath = source["matchFieldPath"];
	        this.matchFieldValue = source["matchFieldValue"];
	        this.textFieldPath = source["textFieldPath"];
	        this.detectionKeyword = source["detectionKeyword"];
	        this.githubRepoFilter = source["githubRepoFilter"];
	        this.githubEvents = source["githubEvents"];
	        this.githubReport = source["githubReport"];
	        this.githubMode = source["githubMode"];
	        this.githubPollSeconds = source["githubPollSeconds"];
	        this.githubAllowAuthors = source["githubAllowAuthors"];
	        this.githubTrustAllAuthors = source["githubTrustAllAuthors"];
	        this.scheduleType = source["scheduleType"];
	        this.scheduleTime = source["scheduleTime"];
	        this.scheduleDay = source["scheduleDay"];
	        this.scheduleTimezone = source["scheduleTimezone"];
	        this.scheduleCron = source["scheduleCron"];
	        this.scheduleAt = source["scheduleAt"];
	        this.missedRunPolicy = source["missedRunPolicy"];
	        this.timeoutSeconds = source["timeoutSeconds"];
	        this.sigtermGraceSeconds = source["sigtermGraceSeconds"];
	        this.concurrencyPolicy = source["concurrencyPolicy"];
	        this.accountId = source["accountId"];
	        this.fallbackChain = this.convertValues(source["fallbackChain"], ChainEntry);
	        this.stallMinutes = source["stallMinutes"];
	        this.stallAction = source["stallAction"];
	        this.maxCostUsd = source["maxCostUsd"];
	        this.isolation = source["isolation"];
	        this.enabled = source["enabled"];
	        this.isPredefined = source["isPredefined"];
	        this.hasWebhookSecret = source["hasWebhookSecret"];
	        this.paused = source["paused"];
	        this.pausedReason = source["pausedReason"];
	        this.pausedAt = source["pausedAt"];
	        this.paths = this.convertValues(source["paths"], LinkedPath);
	        this.projectIds = source["projectIds"];
	        this.createdAt = source["createdAt"];
	        this.updatedAt = source["updatedAt"];
	        this.lastExecutionId = source["lastExecutionId"];
	        this.lastStatus = source["lastStatus"];
	        this.lastStartedAt = source["lastStartedAt"];
	        this.lastFinishedAt = source["lastFinishedAt"];
	        this.nextRunAt = source["nextRunAt"];
	        this.runningCount = source["runningCount"];
	        this.queuedCount = source["queuedCount"];
	        this.missingPathsWarning = source["missingPathsWarning"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class TemplateVersion {
	    id: number;
	    triggerId: string;
	    template: string;
	    changedAt: string;
	
	    static createFrom(source: any = {}) {
	        return new TemplateVersion(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.triggerId = source["triggerId"];
	        this.template = source["template"];
	        this.changedAt = source["changedAt"];
	    }
	}
	export class Trigger {
	    id: string;
	    name: string;
	    description: string;
	    promptTemplate: string;
	    skillCommand: string;
	    backendType: string;
	    model: string;
	    allowedTools: string;
	    permissionProfile: string;
	    maxTurns: number;
	    triggerSource: string;
	    matchFieldPath: string;
	    matchFieldValue: string;
	    textFieldPath: string;
	    detectionKeyword: string;
	    githubRepoFilter: string;
	    githubEvents: string;
	    githubReport: string;
	    githubMode: string;
	    githubPollSeconds: number;
	    githubAllowAuthors: string[];
	    githubTrustAllAuthors: boolean;
	    scheduleType: string;
	    scheduleTime: string;
	    scheduleDay: number;
	    scheduleTimezone: string;
	    scheduleCron: string;
	    scheduleAt: string;
	    missedRunPolicy: string;
	    timeoutSeconds: number;
	    sigtermGraceSeconds: number;
	    concurrencyPolicy: string;
	    accountId: string;
	    fallbackChain: ChainEntry[];
	    stallMinutes: number;
	    stallAction: string;
	    maxCostUsd: number;
	    isolation: string;
	    enabled: boolean;
	    isPredefined: boolean;
	    hasWebhookSecret: boolean;
	    paused: boolean;
	    pausedReason: string;
	    pausedAt: string;
	    paths: LinkedPath[];
	    projectIds: string[];
	    createdAt: string;
	    updatedAt: string;
	
	    static createFrom(source: any = {}) {
	        return new Trigger(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.name = source["name"];
	        this.description = source["description"];
	        this.promptTemplate = source["promptTemplate"];
	        this.skillCommand = source["skillCommand"];
	        this.backendType = source["backendType"];
	        this.model = source["model"];
	        this.allowedTools = source["allowedTools"];
	        this.permissionProfile = source["permissionProfile"];
	        this.maxTurns = source["maxTurns"];
	        this.triggerSource = source["triggerSource"];
	        this.matchFieldPath = source["matchFieldPath"];
	        this.matchFieldValue = source["matchFieldValue"];
	        this.textFieldPath = source["textFieldPath"];
	        this.detectionKeyword = source["detectionKeyword"];
	        this.githubRepoFilter = source["githubRepoFilter"];
	        this.githubEvents = source["githubEvents"];
	        this.githubReport = source["githubReport"];
	        this.githubMode = source["githubMode"];
	        this.githubPollSeconds = source["githubPollSeconds"];
	        this.githubAllowAuthors = source["githubAllowAuthors"];
	        this.githubTrustAllAuthors = source["githubTrustAllAuthors"];
	        this.scheduleType = source["scheduleType"];
	        this.scheduleTime = source["scheduleTime"];
	        this.scheduleDay = source["scheduleDay"];
	        this.scheduleTimezone = source["scheduleTimezone"];
	        this.scheduleCron = source["scheduleCron"];
	        this.scheduleAt = source["scheduleAt"];
	        this.missedRunPolicy = source["missedRunPolicy"];
	        this.timeoutSeconds = source["timeoutSeconds"];
	        this.sigtermGraceSeconds = source["sigtermGraceSeconds"];
	        this.concurrencyPolicy = source["concurrencyPolicy"];
	        this.accountId = source["accountId"];
	        this.fallbackChain = this.convertValues(source["fallbackChain"], ChainEntry);
	        this.stallMinutes = source["stallMinutes"];
	        this.stallAction = source["stallAction"];
	        this.maxCostUsd = source["maxCostUsd"];
	        this.isolation = source["isolation"];
	        this.enabled = source["enabled"];
	        this.isPredefined = source["isPredefined"];
	        this.hasWebhookSecret = source["hasWebhookSecret"];
	        this.paused = source["paused"];
	        this.pausedReason = source["pausedReason"];
	        this.pausedAt = source["pausedAt"];
	        this.paths = this.convertValues(source["paths"], LinkedPath);
	        this.projectIds = source["projectIds"];
	        this.createdAt = source["createdAt"];
	        this.updatedAt = source["updatedAt"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}

}

export namespace update {
	
	export class Status {
	    enabled: boolean;
	    current: string;
	    latest: string;
	    newer: boolean;
	    url: string;
	    notes: string;
	    checkedAt: string;
	    error: string;
	
	    static createFrom(source: any = {}) {
	        return new Status(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.enabled = source["enabled"];
	        this.current = source["current"];
	        this.latest = source["latest"];
	        this.newer = source["newer"];
	        this.url = source["url"];
	        this.notes = source["notes"];
	        this.checkedAt = source["checkedAt"];
	        this.error = source["error"];
	    }
	}

}

export namespace usage {
	
	export class PlanUsage {
	    planId: string;
	    runs: number;
	    inputTokens: number;
	    outputTokens: number;
	    cachedTokens: number;
	    costUsd: number;
	
	    static createFrom(source: any = {}) {
	        return new PlanUsage(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.planId = source["planId"];
	        this.runs = source["runs"];
	        this.inputTokens = source["inputTokens"];
	        this.outputTokens = source["outputTokens"];
	        this.cachedTokens = source["cachedTokens"];
	        this.costUsd = source["costUsd"];
	    }
	}
	export class Price {
	    model: string;
	    inputPerMTok: number;
	    cachedPerMTok: number;
	    outputPerMTok: number;
	
	    static createFrom(source: any = {}) {
	        return new Price(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.model = source["model"];
	        this.inputPerMTok = source["inputPerMTok"];
	        this.cachedPerMTok = source["cachedPerMTok"];
	        this.outputPerMTok = source["outputPerMTok"];
	    }
	}
	export class Query {
	    from: string;
	    to: string;
	    groupBy: string[];
	
	    static createFrom(source: any = {}) {
	        return new Query(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.from = source["from"];
	        this.to = source["to"];
	        this.groupBy = source["groupBy"];
	    }
	}
	export class Row {
	    day?: string;
	    triggerId?: string;
	    triggerName?: string;
	    backend?: string;
	    accountId?: string;
	    model?: string;
	    runs: number;
	    inputTokens: number;
	    outputTokens: number;
	    cachedTokens: number;
	    costUsd: number;
	    estimatedUsd: number;
	
	    static createFrom(source: any = {}) {
	        return new Row(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.day = source["day"];
	        this.triggerId = source["triggerId"];
	        this.triggerName = source["triggerName"];
	        this.backend = source["backend"];
	        this.accountId = source["accountId"];
	        this.model = source["model"];
	        this.runs = source["runs"];
	        this.inputTokens = source["inputTokens"];
	        this.outputTokens = source["outputTokens"];
	        this.cachedTokens = source["cachedTokens"];
	        this.costUsd = source["costUsd"];
	        this.estimatedUsd = source["estimatedUsd"];
	    }
	}
	export class Report {
	    from: string;
	    to: string;
	    rows: Row[];
	
	    static createFrom(source: any = {}) {
	        return new Report(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.from = source["from"];
	        this.to = source["to"];
	        this.rows = this.convertValues(source["rows"], Row);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}

}

export namespace webhook {
	
	export class Skip {
	    triggerId: string;
	    reason: string;
	    code: string;
	
	    static createFrom(source: any = {}) {
	        return new Skip(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.triggerId = source["triggerId"];
	        this.reason = source["reason"];
	        this.code = source["code"];
	    }
	}
	export class Run {
	    triggerId: string;
	    executionId: string;
	
	    static createFrom(source: any = {}) {
	        return new Run(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.triggerId = source["triggerId"];
	        this.executionId = source["executionId"];
	    }
	}
	export class Delivery {
	    id: string;
	    receivedAt: string;
	    source: string;
	    event: string;
	    action: string;
	    repo: string;
	    deliveryGuid: string;
	    remoteIp: string;
	    signature: string;
	    statusCode: number;
	    outcome: string;
	    detail: string;
	    runs: Run[];
	    duplicates: string[];
	    skipped: Skip[];
	    signedTriggers: string[];
	    payloadSize: number;
	    payloadTruncated: boolean;
	    replayOf: string;
	    headers: {[key: string]: string};
	    payload: string;
	    response: string;
	
	    static createFrom(source: any = {}) {
	        return new Delivery(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.receivedAt = source["receivedAt"];
	        this.source = source["source"];
	        this.event = source["event"];
	        this.action = source["action"];
	        this.repo = source["repo"];
	        this.deliveryGuid = source["deliveryGuid"];
	        this.remoteIp = source["remoteIp"];
	        this.signature = source["signature"];
	        this.statusCode = source["statusCode"];
	        this.outcome = source["outcome"];
	        this.detail = source["detail"];
	        this.runs = this.convertValues(source["runs"], Run);
	        this.duplicates = source["duplicates"];
	        this.skipped = this.convertValues(source["skipped"], Skip);
	        this.signedTriggers = source["signedTriggers"];
	        this.payloadSize = source["payloadSize"];
	        this.payloadTruncated = source["payloadTruncated"];
	        this.replayOf = source["replayOf"];
	        this.headers = source["headers"];
	        this.payload = source["payload"];
	        this.response = source["response"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class DeliveryFilter {
	    source: string;
	    outcome: string;
	    limit: number;
	    offset: number;
	
	    static createFrom(source: any = {}) {
	        return new DeliveryFilter(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.source = source["source"];
	        this.outcome = source["outcome"];
	        this.limit = source["limit"];
	        this.offset = source["offset"];
	    }
	}
	export class DeliveryPage {
	    deliveries: Delivery[];
	    total: number;
	
	    static createFrom(source: any = {}) {
	        return new DeliveryPage(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.deliveries = this.convertValues(source["deliveries"], Delivery);
	        this.total = source["total"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class Example {
	    url: string;
	    headers: {[key: string]: string};
	    body: string;
	    curl: string;
	    signCommand: string;
	    hasSecret: boolean;
	    notes: string[];
	
	    static createFrom(source: any = {}) {
	        return new Example(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.url = source["url"];
	        this.headers = source["headers"];
	        this.body = source["body"];
	        this.curl = source["curl"];
	        this.signCommand = source["signCommand"];
	        this.hasSecret = source["hasSecret"];
	        this.notes = source["notes"];
	    }
	}
	

}

export namespace worktree {
	
	export class FileStat {
	    path: string;
	    insertions: number;
	    deletions: number;
	    binary: boolean;
	
	    static createFrom(source: any = {}) {
	        return new FileStat(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.path = source["path"];
	        this.insertions = source["insertions"];
	        this.deletions = source["deletions"];
	        this.binary = source["binary"];
	    }
	}
	export class DiffStat {
	    filesChanged: number;
	    insertions: number;
	    deletions: number;
	    files: FileStat[];
	
	    static createFrom(source: any = {}) {
	        return new DiffStat(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.filesChanged = source["filesChanged"];
	        this.insertions = source["insertions"];
	        this.deletions = source["deletions"];
	        this.files = this.convertValues(source["files"], FileStat);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}

}

