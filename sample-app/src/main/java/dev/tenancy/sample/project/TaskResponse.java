package dev.tenancy.sample.project;

import java.util.UUID;

/**
 * A task as the API shows it.
 *
 * @param id the task id
 * @param title the task title
 * @param done whether the task is done
 */
record TaskResponse(UUID id, String title, boolean done) {

	static TaskResponse of(Task task) {
		return new TaskResponse(ProjectResponse.idOf(task.getId()), task.getTitle(), task.isDone());
	}

}
