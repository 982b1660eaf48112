package dev.tenancy.jpa.fuzz;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import dev.tenancy.core.context.TenantContext;
import org.springframework.scheduling.annotation.Async;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Tenant work on Boot's task executor through {@code @Async}: the tenant must arrive through the auto-configured
 * {@code ContextPropagatingTaskDecorator}, and must not stay on the pooled thread.
 */
@Service
public class AsyncBoards {

	private final BoardRepository boards;

	public AsyncBoards(BoardRepository boards) {
		this.boards = boards;
	}

	@Async
	@Transactional(readOnly = true)
	public CompletableFuture<AsyncResult<List<BoardRow>>> boardsFrom(int revision) {
		List<BoardRow> rows = this.boards.findByRevisionGreaterThanEqualOrderBySeq(revision)
			.stream()
			.map(Board::toRow)
			.toList();
		return CompletableFuture.completedFuture(new AsyncResult<>(tenant(), Thread.currentThread().getName(), rows));
	}

	@Async
	@Transactional
	public CompletableFuture<AsyncResult<Integer>> bumpRevision(UUID id) {
		int updated = this.boards.bumpRevision(id);
		return CompletableFuture.completedFuture(new AsyncResult<>(tenant(), Thread.currentThread().getName(), updated));
	}

	/** What ran where: the tenant bound on the executor's thread, the thread, and the result. */
	record AsyncResult<T>(String tenant, String thread, T value) {

	}

	private static String tenant() {
		return TenantContext.current().map((id) -> id.value()).orElse("");
	}

}
