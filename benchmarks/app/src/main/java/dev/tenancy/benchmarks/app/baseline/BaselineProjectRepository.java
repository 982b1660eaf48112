package dev.tenancy.benchmarks.app.baseline;

import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;

interface BaselineProjectRepository extends JpaRepository<BaselineProject, UUID> {

}
