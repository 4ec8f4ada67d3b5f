/**
 * Auto-configuration of wsem for Spring Boot servlet applications.
 */
@NullMarked
package io.github.wsem.autoconfigure;

import org.jspecify.annotations.NullMarked;
