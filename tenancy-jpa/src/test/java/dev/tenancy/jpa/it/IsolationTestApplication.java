package dev.tenancy.jpa.it;

import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class IsolationTestApplication {

}
