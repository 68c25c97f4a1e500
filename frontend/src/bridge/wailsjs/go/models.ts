export namespace agentcli {
	
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
	        this.dataDir = source["dataDir"];
	        this.dataDirSource = source["dataDirSource"];
	        this.dbPath = source["dbPath"];
	        this.logDir = source["logDir"];
	        this.logFile = source["logFile"];
	        this.mode = source["mode"];
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
	
	export class SentryStatus {
	    configured: boolean;
	    fromEnv: boolean;
	    active: boolean;
	    error: string;
	
	    static createFrom(source: any = {}) {
	        return new SentryStatus(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.configured = source["configured"];
	        this.fromEnv = source["fromEnv"];
	        this.active = source["active"];
	        this.error = source["error"];
	    }
	}
	export class Settings {
	    maxConcurrentRuns: number;
	    retentionDays: number;
	    theme: string;
	    outputCapMiB: number;
	
	    static createFrom(source: any = {}) {
	        return new Settings(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.maxConcurrentRuns = source["maxConcurrentRuns"];
	        this.retentionDays = source["retentionDays"];
	        this.theme = source["theme"];
	        this.outputCapMiB = source["outputCapMiB"];
	    }
	}

}

