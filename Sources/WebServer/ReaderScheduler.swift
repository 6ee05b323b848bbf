// Who reads next. The registry's readers are few (one thread and one connection each) and a
// request holds one for as long as its SQL runs, so the order and the number of waiting requests
// decide whether a page answers at once or after a crowd of slow queries. Credentials go first
// (a write waits for its token's look-up, not behind the pages queued before it), then pages;
// user SQL (`/sql`, saved reports) may hold only part of the readers; the waiting lines are bounded
// (a full one is a 503 with Retry-After); a request whose client has gone is dropped unread.
// A service of the application: its threads stop once the server has stopped.
import Dispatch
import NIOPosix
import ServiceLifecycle
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Which readers a request may use.
enum ReaderLane: Sendable {
    /// A token's or a session's look-up (AuthMiddleware): any reader, before every page.
    case credentials
    /// Pages and their data: any reader.
    case page
    /// SQL a user wrote (`/sql`, a saved report): at most `userSQLReaders` at once.
    case userSQL
}

/// Why a request got no reader.
enum SchedulerRefusal: Error, Sendable {
    /// Its lane's waiting line is full.
    case full
    /// Its client went away while it waited.
    case clientGone
}

final class ReaderScheduler: Sendable {
    let readers: Int
    let userSQLReaders: Int
    let maxWaitingPages: Int
    let maxWaitingUserSQL: Int

    private let threads: NIOThreadPool

    /// One request waiting for or holding a reader.
    private final class Job: Sendable {
        let lane: ReaderLane
        let clientGone: @Sendable () -> Bool
        /// Runs the work on a reader thread and resumes the waiting request; or refuses it.
        let run: @Sendable () -> Void
        let refuse: @Sendable (SchedulerRefusal) -> Void

        init(
            lane: ReaderLane, clientGone: @escaping @Sendable () -> Bool, run: @escaping @Sendable () -> Void,
            refuse: @escaping @Sendable (SchedulerRefusal) -> Void
        ) {
            self.lane = lane
            self.clientGone = clientGone
            self.run = run
            self.refuse = refuse
        }
    }

    private struct State {
        var running = 0
        var runningUserSQL = 0
        var waitingCredentials: [Job] = []
        var waitingPages: [Job] = []
        var waitingUserSQL: [Job] = []
    }
    private let state = Mutex(State())
    /// Set when the server is told to stop: running queries are interrupted and waiting ones
    /// dropped, so SIGTERM ends the server at once instead of after the longest time limit.
    private let stopping = Atomic<Bool>(false)

    var isStopping: Bool { stopping.load(ordering: .relaxed) }

    /// Interrupts what runs and empties the lines (every request's `clientGone` asks `isStopping`).
    func beginStopping() {
        stopping.store(true, ordering: .relaxed)
        dispatch()
    }

    /// Watches the signals that stop the server (`stopSignals`) until the service ends.
    private let signalWatchers: SignalWatchers

    /// Dispatch's signal sources, which may be used from any thread.
    private final class SignalWatchers: @unchecked Sendable {
        let sources: [any DispatchSourceSignal]
        init(_ sources: [any DispatchSourceSignal]) { self.sources = sources }
    }

    /// `stopSignals` (SIGTERM, SIGINT for the server) call `beginStopping()` the moment they
    /// come, before Hummingbird's graceful shutdown waits for the requests in hand: their queries
    /// are interrupted, so a stop never waits for a time limit.
    init(readers: Int, userSQLReaders: Int, maxWaitingPages: Int, maxWaitingUserSQL: Int, stopSignals: [Int32] = []) {
        self.readers = max(1, readers)
        self.userSQLReaders = min(max(1, userSQLReaders), self.readers)
        self.maxWaitingPages = maxWaitingPages
        self.maxWaitingUserSQL = maxWaitingUserSQL
        threads = NIOThreadPool(numberOfThreads: self.readers)
        threads.start()
        let sources = stopSignals.map { number in
            signal(number, SIG_IGN)
            return DispatchSource.makeSignalSource(signal: number, queue: .global())
        }
        signalWatchers = SignalWatchers(sources)
        for source in sources {
            source.setEventHandler { [weak self] in self?.beginStopping() }
            source.resume()
        }
    }

    /// Runs `work` on a reader thread when its lane's turn comes. Throws `.full` at once when the
    /// lane's line is full, `.clientGone` when the client leaves before a reader is free.
    func run<Result: Sendable>(
        _ lane: ReaderLane, clientGone: @escaping @Sendable () -> Bool, _ work: @escaping @Sendable () -> Result
    ) async throws(SchedulerRefusal) -> Result {
        let outcome: Swift.Result<Result, SchedulerRefusal> = await withCheckedContinuation { continuation in
            let job = Job(
                lane: lane, clientGone: clientGone,
                run: { continuation.resume(returning: .success(work())) },
                refuse: { continuation.resume(returning: .failure($0)) })
            let accepted = state.withLock { state -> Bool in
                switch lane {
                case .credentials:
                    guard state.waitingCredentials.count < maxWaitingPages else { return false }
                    state.waitingCredentials.append(job)
                case .page:
                    guard state.waitingPages.count < maxWaitingPages else { return false }
                    state.waitingPages.append(job)
                case .userSQL:
                    guard state.waitingUserSQL.count < maxWaitingUserSQL else { return false }
                    state.waitingUserSQL.append(job)
                }
                return true
            }
            if accepted { dispatch() } else { job.refuse(.full) }
        }
        return try outcome.get()
    }

    /// Looks at the waiting lines again: a client that closed its connection leaves them.
    func sweep() { dispatch() }

    /// Starts as many waiting jobs as readers allow; drops those whose clients have gone.
    private func dispatch() {
        var dropped: [Job] = []
        let started = state.withLock { state -> [Job] in
            var started: [Job] = []
            while state.running < readers {
                if let job = Self.takeLive(from: &state.waitingCredentials, dropping: &dropped)
                    ?? Self.takeLive(from: &state.waitingPages, dropping: &dropped)
                {
                    state.running += 1
                    started.append(job)
                } else if state.runningUserSQL < userSQLReaders,
                    let job = Self.takeLive(from: &state.waitingUserSQL, dropping: &dropped)
                {
                    state.running += 1
                    state.runningUserSQL += 1
                    started.append(job)
                } else {
                    break
                }
            }
            // Jobs still waiting behind the user-SQL cap are looked at too, so a crowd of abandoned
            // queries leaves the line as soon as anything moves, not one by one.
            state.waitingUserSQL.removeAll { job in
                guard job.clientGone() else { return false }
                dropped.append(job)
                return true
            }
            return started
        }
        for job in dropped { job.refuse(.clientGone) }
        for job in started {
            threads.submit { [self] _ in
                Self.yieldToWrites()
                job.run()
                finished(job.lane)
            }
        }
    }

    private func finished(_ lane: ReaderLane) {
        state.withLock { state in
            state.running -= 1
            if lane == .userSQL { state.runningUserSQL -= 1 }
        }
        dispatch()
    }

    /// How much less CPU time a reader thread gets than the writer and the event loops when the
    /// machine is saturated (a nice value; Linux keeps one per thread). With reads at nice 0, eight
    /// reading connections on two cores held an API write up to 50-100 ms at p99 (Scripts/bench-writes).
    static let readerNiceness: Int32 = 5

    /// Lowers the calling reader thread's priority to `readerNiceness` (once it is there, this is
    /// a single system call that changes nothing). Raising a nice value needs no privilege.
    private static func yieldToWrites() {
        #if canImport(Glibc)
        // Who 0 is the calling thread: Linux keeps nice values per thread.
        let thread: id_t = 0
        errno = 0
        let current = getpriority(__priority_which_t(PRIO_PROCESS.rawValue), thread)
        if errno == 0, current < readerNiceness {
            _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), thread, readerNiceness)
        }
        #endif
    }

    private static func takeLive(from line: inout [Job], dropping dropped: inout [Job]) -> Job? {
        while !line.isEmpty {
            let job = line.removeFirst()
            if job.clientGone() { dropped.append(job) } else { return job }
        }
        return nil
    }
}

extension ReaderScheduler: Service {
    /// Lasts as long as the application; then stops the threads (the server has stopped first:
    /// Hummingbird shuts its services down after the server).
    func run() async throws {
        try? await gracefulShutdown()
        for source in signalWatchers.sources { source.cancel() }
        try? await threads.shutdownGracefully()
    }
}
