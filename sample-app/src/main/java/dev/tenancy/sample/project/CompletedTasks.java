package dev.tenancy.sample.project;

/**
 * The outcome of completing every open task.
 *
 * @param updated the number of tasks marked done
 */
record CompletedTasks(int updated) {

}
