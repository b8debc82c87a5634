/**
 * Image references and registry addresses, with no dependencies beyond the JDK.
 *
 * <ul>
 *   <li>{@link dev.ferry.ref.ImageReference}: parses and normalises references exactly as docker
 *       does ({@code nginx} is {@code docker.io/library/nginx:latest}), with validating
 *       {@code with...} methods.</li>
 *   <li>{@link dev.ferry.ref.Registries}: reads registry addresses written as URLs
 *       ({@code http://10.45.80.1}) into a canonical host and the scheme given.</li>
 *   <li>{@link dev.ferry.ref.TagOrder}: orders tags by their numbers ({@code v3.5 < v3.10}).</li>
 *   <li>{@link dev.ferry.ref.InvalidReferenceException}: every rejection, with a message that
 *       quotes the input and says what is wrong.</li>
 * </ul>
 */
package dev.ferry.ref;
