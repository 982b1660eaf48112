package dev.tenancy.test.isolation;

import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;

interface ScopedNoteRepository extends JpaRepository<ScopedNote, UUID> {

}
