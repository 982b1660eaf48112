package dev.tenancy.test.isolation;

import java.util.UUID;

import org.springframework.data.repository.CrudRepository;

/** Only a {@link CrudRepository}: no paging to check. */
interface PlainScopedNoteRepository extends CrudRepository<ScopedNote, UUID> {

}
