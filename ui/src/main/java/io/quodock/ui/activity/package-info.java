/** The activity screen: Docker's plugin requests as they happen, their latency, and the backend's health over time. */
package io.quodock.ui.activity;
