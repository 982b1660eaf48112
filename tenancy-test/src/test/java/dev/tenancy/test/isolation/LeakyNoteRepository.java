package dev.tenancy.test.isolation;

import java.util.UUID;

import org.springframework.data.repository.CrudRepository;
import org.springframework.data.repository.PagingAndSortingRepository;

interface LeakyNoteRepository extends CrudRepository<LeakyNote, UUID>, PagingAndSortingRepository<LeakyNote, UUID> {

}
